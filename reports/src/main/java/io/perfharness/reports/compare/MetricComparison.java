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
 * @param required   whether the comparison's result waits for this metric to be decided; false for a metric
 *                   only watched ({@link SequentialComparison#WATCHED}): its regression fails the gate, but
 *                   it being {@code inconclusive} does not keep the result open
 */
public record MetricComparison(Metric metric, int baseN, int headN, double baseMedian, double headMedian,
                               double change, double ciLow, double ciHigh, double pValue, double threshold,
                               Verdict verdict, String reason, boolean required) {

    /** A metric the result waits for ({@code required}). */
    public MetricComparison(Metric metric, int baseN, int headN, double baseMedian, double headMedian,
                            double change, double ciLow, double ciHigh, double pValue, double threshold,
                            Verdict verdict, String reason) {
        this(metric, baseN, headN, baseMedian, headMedian, change, ciLow, ciHigh, pValue, threshold, verdict, reason, true);
    }

    /** @return true when the result must wait for this metric: it is {@code inconclusive} and required */
    public boolean open() {
        return verdict == Verdict.INCONCLUSIVE && required;
    }

    /** @return the unit of {@link #change()}: {@code %} or, for absolute metrics, {@code pp} / the metric's unit */
    public String changeUnit() {
        return metric.absolute() ? ("%".equals(metric.unit()) ? "pp" : metric.unit()) : "%";
    }
}
