package io.perfharness.reports.compare;

/**
 * The comparison of one metric.
 *
 * @param metric     what was compared
 * @param baseN      samples of the base (repetitions or forks)
 * @param headN      samples of the head
 * @param baseMedian median of the base samples, in the metric's unit
 * @param headMedian median of the head samples, in the metric's unit
 * @param change     head against base: % change of the median, or for an absolute metric the difference
 *                   in its unit (percentage points for the error rate); NaN when undefined
 * @param ciLow      lower end of the bootstrap confidence interval of {@code change}
 * @param ciHigh     upper end of it
 * @param pValue     two-sided Mann–Whitney U p-value, 0..1
 * @param threshold  the threshold that applied, ≥ 0, in the unit of {@code change}
 * @param verdict    the conclusion
 * @param reason     why, in a few words
 */
public record MetricComparison(Metric metric, int baseN, int headN, double baseMedian, double headMedian,
                               double change, double ciLow, double ciHigh, double pValue, double threshold,
                               Verdict verdict, String reason) {

    /** @return the unit of {@link #change()}: {@code %} or, for absolute metrics, {@code pp} / the metric's unit */
    public String changeUnit() {
        return metric.absolute() ? ("%".equals(metric.unit()) ? "pp" : metric.unit()) : "%";
    }
}
