package io.perfharness.reports.compare;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Alpha-spending functions of Lan and DeMets (1983): how much of a two-sided significance level α a
 * group-sequential test may have used up by information fraction t (0 &lt; t ≤ 1). Whatever the number
 * and timing of the looks, the chance of ever crossing the boundary under no change stays α.
 */
public enum AlphaSpending {
    /**
     * O'Brien–Fleming type, each side spending half: α(t) = 4 − 4Φ(z<sub>1−α/4</sub> / √t) (as ldbounds and
     * gsDesign do for two-sided tests). Spends almost nothing early, so an early stop needs overwhelming
     * evidence and the last look is nearly as powerful as a fixed-size test.
     */
    OBRIEN_FLEMING,
    /** Pocock type: α(t) = α ln(1 + (e − 1) t). Spends evenly: earlier stops, a stricter last look. */
    POCOCK;

    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

    /**
     * @param alpha two-sided level of the whole test, 0 &lt; alpha &lt; 1
     * @param t     information fraction, 0..1 (values above 1 count as 1)
     * @return the level spent by fraction {@code t}, 0..alpha
     */
    public double spent(double alpha, double t) {
        if (t <= 0) {
            return 0;
        }
        double f = Math.min(1, t);
        return switch (this) {
            case OBRIEN_FLEMING -> Math.min(alpha,
                    4 * NORMAL.survivalProbability(NORMAL.inverseSurvivalProbability(alpha / 4) / Math.sqrt(f)));
            case POCOCK -> alpha * Math.log(1 + (Math.E - 1) * f);
        };
    }
}
