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
 */
public record TimelineSample(double startSeconds, double durationSeconds, long requests, double requestsPerSecond,
                             long p50Us, long p99Us, long maxUs) {

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
                n == 0 ? 0 : latencyUs.getMaxValue());
    }
}
