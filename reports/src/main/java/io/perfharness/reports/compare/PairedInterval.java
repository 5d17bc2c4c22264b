package io.perfharness.reports.compare;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The mean of paired differences with a repeated confidence interval at one look of a group-sequential
 * test: mean ± t × standard error, where t is the Student quantile (n − 1 degrees of freedom) at the
 * same two-sided nominal level as the look's critical z. Using the nominal level with t instead of z
 * keeps the error rate near its nominal value with few pairs, where the standard deviation is itself
 * estimated from the data.
 *
 * @param n        number of pairs, ≥ 2
 * @param mean     mean difference
 * @param sd       sample standard deviation of the differences (n − 1 in the denominator)
 * @param low      lower end of the repeated confidence interval
 * @param high     upper end
 * @param pValue   two-sided p-value of the paired t-test at this look taken alone (for display: the
 *                 decision uses the interval), 0..1
 * @param critical the t quantile used, ≥ 0
 */
public record PairedInterval(int n, double mean, double sd, double low, double high, double pValue, double critical) {

    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

    /**
     * @param differences the paired differences, at least 2, finite
     * @param criticalZ   the look's two-sided critical value on the z scale (e.g. from
     *                    {@link GroupSequentialBoundary#twoSided}), &gt; 0
     */
    public static PairedInterval of(double[] differences, double criticalZ) {
        int n = differences.length;
        if (n < 2) {
            throw new IllegalArgumentException("a paired interval needs at least 2 pairs, got " + n);
        }
        double mean = 0;
        for (double d : differences) {
            mean += d;
        }
        mean /= n;
        double ss = 0;
        for (double d : differences) {
            ss += (d - mean) * (d - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double se = sd / Math.sqrt(n);
        TDistribution t = TDistribution.of(n - 1);
        double nominal = NORMAL.survivalProbability(criticalZ); // one tail
        double critical = nominal <= 0 ? Double.POSITIVE_INFINITY : t.inverseSurvivalProbability(nominal);
        double half = se == 0 ? 0 : critical * se;
        double p;
        if (se == 0) {
            p = mean == 0 ? 1 : 0;
        } else {
            p = Math.min(1, 2 * t.survivalProbability(Math.abs(mean) / se));
        }
        return new PairedInterval(n, mean, sd, mean - half, mean + half, p, critical);
    }
}
