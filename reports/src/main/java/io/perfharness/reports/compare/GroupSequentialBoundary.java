package io.perfharness.reports.compare;

import java.util.Arrays;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Two-sided critical values of a group-sequential test on a standardized statistic (z) whose looks come at
 * given information fractions, with the level spent by an {@link AlphaSpending} function (Lan–DeMets).
 * Computed by the recursive numerical integration of Armitage, McPherson and Rowe (1969): the statistic
 * is a Brownian motion in information time; the density of the paths that have not crossed is carried
 * from look to look on a grid, and each critical value is found by bisection so that the probability of
 * crossing first at that look is exactly the level spent since the previous one.
 *
 * <pre>{@code
 * double[] c = GroupSequentialBoundary.twoSided(0.05, new double[] {0.2, 0.4, 0.6, 0.8, 1}, AlphaSpending.OBRIEN_FLEMING);
 * // {4.88, 3.36, 2.68, 2.29, 2.03}: stop at look k when |z_k| >= c[k]
 * }</pre>
 *
 * The value at a look depends only on the fractions up to it, so a schedule extended look by look
 * gives the same earlier values.
 */
public final class GroupSequentialBoundary {
    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);
    /** Critical values are searched in 0..MAX_Z; a look that may spend nothing gets MAX_Z (p ≈ 1e-31). */
    static final double MAX_Z = 12;

    private GroupSequentialBoundary() {
    }

    /**
     * @param alpha     two-sided level of the whole sequence, 0 &lt; alpha &lt; 1
     * @param fractions information fraction of each look, strictly increasing in (0, 1]; the last look
     *                  spends what is left of alpha only when its fraction is 1
     * @param spending  how alpha is spent over the looks
     * @return the critical |z| of each look, same length as {@code fractions}
     * @throws IllegalArgumentException when the fractions are empty, not increasing, or outside (0, 1]
     */
    public static double[] twoSided(double alpha, double[] fractions, AlphaSpending spending) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1, got " + alpha);
        }
        if (fractions.length == 0) {
            throw new IllegalArgumentException("no looks");
        }
        for (int k = 0; k < fractions.length; k++) {
            if (!(fractions[k] > 0 && fractions[k] <= 1) || (k > 0 && !(fractions[k] > fractions[k - 1]))) {
                throw new IllegalArgumentException("information fractions must increase within (0, 1], got "
                        + Arrays.toString(fractions));
            }
        }
        double[] c = new double[fractions.length];
        double t1 = fractions[0];
        double spent = spending.spent(alpha, t1);
        c[0] = spent <= 0 ? MAX_Z : Math.min(MAX_Z, NORMAL.inverseSurvivalProbability(spent / 2));
        // the sub-density of S = z sqrt(t) over the continuation region |S| < c sqrt(t)
        Grid g = Grid.of(c[0] * Math.sqrt(t1), Math.sqrt(fractions.length > 1 ? fractions[1] - t1 : t1));
        double sd1 = Math.sqrt(t1);
        for (int i = 0; i < g.x.length; i++) {
            g.f[i] = NORMAL.density(g.x[i] / sd1) / sd1;
        }
        for (int k = 1; k < fractions.length; k++) {
            double tk = fractions[k];
            double sigma = Math.sqrt(tk - fractions[k - 1]);
            double target = spending.spent(alpha, tk) - spent;
            spent += Math.max(0, target);
            c[k] = target <= 0 ? MAX_Z : solve(g, sigma, Math.sqrt(tk), target);
            if (k + 1 < fractions.length) {
                double next = Math.sqrt(fractions[k + 1] - tk);
                g = g.propagate(c[k] * Math.sqrt(tk), sigma, Math.min(next, sigma));
            }
        }
        return c;
    }

    /** The critical z at which the probability of crossing first here equals {@code target}. */
    private static double solve(Grid g, double sigma, double sqrtT, double target) {
        double lo = 0;
        double hi = MAX_Z;
        if (g.crossing(hi * sqrtT, sigma) >= target) {
            return hi;
        }
        for (int i = 0; i < 100 && hi - lo > 1e-9; i++) {
            double mid = (lo + hi) / 2;
            if (g.crossing(mid * sqrtT, sigma) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Grid points, Simpson weights and the sub-density on them. */
    private static final class Grid {
        final double[] x;
        final double[] w;
        final double[] f;

        private Grid(double[] x, double[] w) {
            this.x = x;
            this.w = w;
            this.f = new double[x.length];
        }

        /** Points over [−b, b], spaced at most {@code scale} / 12 apart (odd count, Simpson's rule). */
        static Grid of(double b, double scale) {
            int n = (int) Math.ceil(2 * b / (scale / 12));
            n = Math.max(64, Math.min(3000, n));
            if (n % 2 == 1) {
                n++;
            }
            double h = 2 * b / n;
            double[] x = new double[n + 1];
            double[] w = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                x[i] = -b + i * h;
                w[i] = h / 3 * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
            }
            return new Grid(x, w);
        }

        /** P(not crossed before, |S + N(0, sigma²)| ≥ b). */
        double crossing(double b, double sigma) {
            double p = 0;
            for (int i = 0; i < x.length; i++) {
                if (f[i] == 0) {
                    continue;
                }
                double out = NORMAL.cumulativeProbability((-b - x[i]) / sigma)
                        + NORMAL.survivalProbability((b - x[i]) / sigma);
                p += w[i] * f[i] * out;
            }
            return p;
        }

        /** The sub-density at the next look over |S| &lt; b, after an increment N(0, sigma²). */
        Grid propagate(double b, double sigma, double nextScale) {
            Grid g = of(b, nextScale);
            for (int j = 0; j < g.x.length; j++) {
                double s = 0;
                for (int i = 0; i < x.length; i++) {
                    s += w[i] * f[i] * NORMAL.density((g.x[j] - x[i]) / sigma);
                }
                g.f[j] = s / sigma;
            }
            return g;
        }
    }
}
