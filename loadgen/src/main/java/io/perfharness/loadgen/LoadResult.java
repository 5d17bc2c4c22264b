package io.perfharness.loadgen;

import io.perfharness.reports.ErrorCounts;
import org.HdrHistogram.Histogram;

/**
 * What one run measured, over the measured window only (warm-up excluded).
 *
 * @param spec            the load that was applied
 * @param requests        completed responses (any status) whose end fell in the measured window
 * @param durationSeconds length of the measured window in s (shorter than {@code spec.duration()} only
 *                        if the run was interrupted)
 * @param errors          failed requests in the measured window, by kind; HTTP status ≥ 400 responses
 *                        are counted here by code and also in {@code requests}
 * @param latencyMicros   merged HdrHistogram of the latency of every completed response, values in µs
 *                        (1 µs .. 1 h, 3 significant digits); its total count equals {@code requests}
 * @param clampedValues   latencies outside 1 µs .. 1 h that were recorded as the nearest bound
 */
public record LoadResult(LoadSpec spec, long requests, double durationSeconds, ErrorCounts errors,
                         Histogram latencyMicros, long clampedValues) {

    /** @return completed responses per second of the measured window (req/s) */
    public double requestsPerSecond() {
        return durationSeconds > 0 ? requests / durationSeconds : 0;
    }
}
