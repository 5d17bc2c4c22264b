package io.perfharness.reports.compare;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.descriptive.Median;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.statistics.inference.MannWhitneyUTest;

/** The statistics behind a comparison: medians, the Mann–Whitney U test, a seeded bootstrap. */
final class Statistics {
    private static final Median MEDIAN = Median.withDefaults();

    private Statistics() {
    }

    static double median(double[] values) {
        return MEDIAN.evaluate(values);
    }

    /**
     * Robust coefficient of variation: 1.4826 × the median absolute deviation ÷ the median, in %, which
     * estimates the standard deviation in % of the median for normal samples and ignores a few outliers.
     *
     * @return 0 for a constant sample, NaN when the median is 0
     */
    static double noise(double[] values) {
        double median = median(values);
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - median);
        }
        double mad = median(dev);
        if (mad == 0) {
            return 0;
        }
        return median == 0 ? Double.NaN : 1.4826 * mad / Math.abs(median) * 100;
    }

    /**
     * Two-sided p-value of the Mann–Whitney U test that head and base come from the same distribution
     * (exact for small samples without ties, normal approximation with tie correction otherwise).
     *
     * @return 1 when every value of both samples is the same (nothing can differ)
     */
    static double mannWhitneyP(double[] base, double[] head) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] side : new double[][] {base, head}) {
            for (double v : side) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min == max) {
            return 1;
        }
        return MannWhitneyUTest.withDefaults().test(head, base).getPValue();
    }

    /**
     * Whether any outcome of a two-sided rank test with these sample sizes could have p &lt; alpha: the
     * most extreme outcome (every head value above every base value) has p = 2 / C(n + m, n).
     */
    static boolean canReach(int n, int m, double alpha) {
        if (n == 0 || m == 0) {
            return false;
        }
        double arrangements = 1;
        for (int i = 1; i <= Math.min(n, m); i++) {
            arrangements = arrangements * (n + m - Math.min(n, m) + i) / i;
        }
        return 2 / arrangements < alpha;
    }

    /**
     * The change of head against base: the ratio of medians − 1, in %, or for {@code absolute} the
     * difference of medians.
     */
    static double change(double[] base, double[] head, boolean absolute) {
        return change(median(base), median(head), absolute);
    }

    static double change(double baseMedian, double headMedian, boolean absolute) {
        if (absolute) {
            return headMedian - baseMedian;
        }
        if (baseMedian == 0) {
            return headMedian == 0 ? 0 : Double.NaN;
        }
        return (headMedian / baseMedian - 1) * 100;
    }

    /**
     * Percentile bootstrap confidence interval of {@link #change}: both samples are resampled with
     * replacement {@code resamples} times from a generator seeded with {@code seed} and {@code stream},
     * so the same input always gives the same interval.
     *
     * @return {low, high}; NaN when the change is undefined in most resamples (a base median of 0)
     */
    static double[] bootstrapInterval(double[] base, double[] head, boolean absolute, double confidence,
                                      int resamples, long seed, String stream) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, stream.hashCode()});
        double[] b = new double[base.length];
        double[] h = new double[head.length];
        double[] stats = new double[resamples];
        int defined = 0;
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < b.length; i++) {
                b[i] = base[rng.nextInt(base.length)];
            }
            for (int i = 0; i < h.length; i++) {
                h[i] = head[rng.nextInt(head.length)];
            }
            double c = change(b, h, absolute);
            if (!Double.isNaN(c)) {
                stats[defined++] = c;
            }
        }
        if (defined < resamples / 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] values = Arrays.copyOf(stats, defined);
        double tail = (1 - confidence) / 2;
        return Quantile.withDefaults().evaluate(values, tail, 1 - tail);
    }
}
