package io.perfharness.reports;

import org.HdrHistogram.AbstractHistogram;

/**
 * One interval (normally one second) of a repetition's measured window.
 *
 * @param startSeconds      start of the interval, in s since the repetition's measured window began (≥ 0)
 * @param durationSeconds   length of the interval, in s (the last one of a window may be shorter)
 * @param requests          responses completed in the interval (any status)
 * @param requestsPerSecond {@code requests / durationSeconds}, req/s
 * @param p50Us             median latency of the interval's responses, µs (0 when none completed)
 * @param p99Us             99th percentile latency of the interval's responses, µs (0 when none completed)
 * @param maxUs             largest latency of the interval, µs (0 when none completed)
 * @param target            the load asked for, mean over the interval: requests/s in the open model, connections in
 *                          the closed model (with stages, what they asked for then); {@code null} when not recorded
 *                          (reports written before it was)
 * @param sent              requests started in the interval; {@code null} when not recorded
 * @param errors            requests that failed in the interval, every kind; {@code null} when not recorded
 * @param dropped           open model: requests dropped in the interval; {@code null} when not recorded
 * @param activeConnections closed model: connections sending, or finishing their last request, at the interval's
 *                          end; {@code null} in the open model and when not recorded
 */
public record TimelineSample(double startSeconds, double durationSeconds, long requests, double requestsPerSecond,
                             long p50Us, long p99Us, long maxUs, Double target, Long sent, Long errors, Long dropped,
                             Integer activeConnections) {

    /**
     * Summarises one interval histogram.
     *
     * @param startSeconds    start of the interval, s since the measured window began
     * @param durationSeconds length of the interval, s (&gt; 0)
     * @param latencyUs       latencies of the interval, µs
     */
    public static TimelineSample of(double startSeconds, double durationSeconds, AbstractHistogram latencyUs) {
        long n = latencyUs.getTotalCount();
        return new TimelineSample(startSeconds, durationSeconds, n, durationSeconds > 0 ? n / durationSeconds : 0,
                n == 0 ? 0 : latencyUs.getValueAtPercentile(50),
                n == 0 ? 0 : latencyUs.getValueAtPercentile(99),
                n == 0 ? 0 : latencyUs.getMaxValue(), null, null, null, null, null);
    }

    /**
     * @param target            the load asked for over the interval (requests/s or connections, ≥ 0)
     * @param sent              requests started, ≥ 0
     * @param errors            requests failed, ≥ 0
     * @param dropped           requests dropped, ≥ 0
     * @param activeConnections closed model: connections active at the interval's end; {@code null} in the open model
     * @return this sample with what the interval asked for and counted
     */
    public TimelineSample withCounts(double target, long sent, long errors, long dropped, Integer activeConnections) {
        return new TimelineSample(startSeconds, durationSeconds, requests, requestsPerSecond, p50Us, p99Us, maxUs, target,
                sent, errors, dropped, activeConnections);
    }
}
