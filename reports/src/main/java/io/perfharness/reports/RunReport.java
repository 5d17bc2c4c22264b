package io.perfharness.reports;

import java.util.Objects;

/**
 * The result of one load step: what was measured, where, with which parameters, and the whole
 * latency histogram. Serialised as JSON by {@link ReportFiles}.
 *
 * @param schemaVersion     {@value #SCHEMA_VERSION} for reports written by this version
 * @param meta              machine, time and git state
 * @param scenario          scenario name
 * @param step              step name
 * @param load              load parameters
 * @param requests          completed responses in the measured window (any status)
 * @param durationSeconds   measured window, in seconds
 * @param requestsPerSecond {@code requests / durationSeconds}
 * @param errors            failed requests by kind
 * @param latency           latency summary, µs
 * @param histogram         the latency histogram, µs
 */
public record RunReport(int schemaVersion, RunMeta meta, String scenario, String step, LoadParameters load,
                        long requests, double durationSeconds, double requestsPerSecond,
                        ErrorCounts errors, LatencySummary latency, EncodedHistogram histogram) {

    /** The schema version this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    public RunReport {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(histogram, "histogram");
    }
}
