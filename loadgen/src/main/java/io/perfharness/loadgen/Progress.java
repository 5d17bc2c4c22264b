package io.perfharness.loadgen;

import java.time.Duration;

/**
 * One sample per second of the measured window.
 *
 * @param elapsed           time since the measured window began (warm-up excluded)
 * @param requests          completed responses (any status) so far in the measured window
 * @param requestsPerSecond completed responses per second in the last interval (normally one second)
 * @param errors            failed requests so far, of every kind (see {@link io.perfharness.reports.ErrorCounts})
 * @param p99Micros         99th percentile latency so far, in µs (0 before the first response)
 */
public record Progress(Duration elapsed, long requests, double requestsPerSecond, long errors, long p99Micros) {
}
