package io.perfharness.reports.compare;

/** Which way a metric gets better. */
public enum Direction {
    /** Throughput, operations per unit of time. */
    HIGHER_IS_BETTER,
    /** Latency, time per operation, error rate. */
    LOWER_IS_BETTER
}
