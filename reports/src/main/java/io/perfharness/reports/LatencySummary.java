package io.perfharness.reports;

import org.HdrHistogram.AbstractHistogram;

/**
 * Latency percentiles of one run, every value in microseconds (µs).
 */
public record LatencySummary(long minUs, double meanUs, double stddevUs,
                             long p50Us, long p90Us, long p99Us, long p999Us, long maxUs) {

    /** All zero: no request completed. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);

    /** Summarises a histogram whose values are in µs. */
    public static LatencySummary of(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                h.getMinValue(), h.getMean(), h.getStdDeviation(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
