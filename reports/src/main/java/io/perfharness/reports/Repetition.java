package io.perfharness.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.HdrHistogram.AbstractHistogram;

/**
 * One repetition of a load: the same load run again against the same server, so that a report holds
 * a distribution of results and not one number. {@code compare} treats repetitions as independent
 * samples.
 *
 * @param requests          completed responses in the measured window (any status)
 * @param durationSeconds   measured window, s
 * @param requestsPerSecond {@code requests / durationSeconds}, req/s
 * @param errors            failed requests by kind
 * @param latency           latency summary, µs
 * @param histogram         the repetition's whole latency histogram, µs
 * @param timeline          per-second samples of the measured window, oldest first (may be empty)
 */
public record Repetition(long requests, double durationSeconds, double requestsPerSecond, ErrorCounts errors,
                         LatencySummary latency, EncodedHistogram histogram, List<TimelineSample> timeline) {

    public Repetition {
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(histogram, "histogram");
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /**
     * The repetition of one load generator run.
     *
     * @param requests        completed responses in the measured window
     * @param durationSeconds measured window, s (&gt; 0 for a non-zero throughput)
     * @param errors          failed requests by kind
     * @param latencyUs       latency histogram of the measured window, µs
     * @param intervalsUs     per-second latency histograms (µs) of the measured window, oldest first, with
     *                        start and end time stamps in epoch ms (as {@code LoadResult.intervals()});
     *                        when time stamps are missing the intervals are taken as consecutive seconds.
     *                        May be empty.
     */
    public static Repetition of(long requests, double durationSeconds, ErrorCounts errors,
                                AbstractHistogram latencyUs, List<? extends AbstractHistogram> intervalsUs) {
        List<TimelineSample> timeline = new ArrayList<>();
        if (!intervalsUs.isEmpty()) {
            long base = intervalsUs.get(0).getStartTimeStamp();
            for (int i = 0; i < intervalsUs.size(); i++) {
                AbstractHistogram h = intervalsUs.get(i);
                long start = h.getStartTimeStamp();
                long end = h.getEndTimeStamp();
                boolean stamped = base > 0 && start > 0 && end > start;
                timeline.add(TimelineSample.of(stamped ? (start - base) / 1000.0 : i,
                        stamped ? (end - start) / 1000.0 : 1.0, h));
            }
        }
        return new Repetition(requests, durationSeconds, durationSeconds > 0 ? requests / durationSeconds : 0,
                errors, LatencySummary.of(latencyUs), EncodedHistogram.of(latencyUs), timeline);
    }

    /** @return failed requests of every kind divided by all attempts (requests that completed or failed short of a response), 0..1 */
    public double errorRate() {
        return errorRate(requests, errors);
    }

    static double errorRate(long requests, ErrorCounts errors) {
        // status and body errors are completed responses and are already in requests; the others never completed
        long attempts = requests + errors.connect() + errors.timeout() + errors.io();
        return attempts == 0 ? 0 : (double) errors.total() / attempts;
    }
}
