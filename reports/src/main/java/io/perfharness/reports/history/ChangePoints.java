package io.perfharness.reports.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Change points of a series by E-divisive means (Matteson and James, 2014, with α = 1), each one kept
 * only when a permutation test finds it significant, as MongoDB's signal-processing-algorithms
 * (Daly et al., ICPE 2020) and Apache Otava (Hunter) do; then, as Otava does, the change points
 * whose change is smaller than a minimum are merged away, weakest first.
 *
 * <p>Divisive step: in each segment between the change points found so far, the split τ that
 * maximises the divergence
 * {@code Q(τ, κ) = n·m/(n+m) · (2·mean|X−Y| − mean|X−X'| − mean|Y−Y'|)}
 * over every κ (X the values from the segment's start up to τ, Y those from τ up to κ, n and m their
 * counts, the within-sample means over distinct pairs) is the candidate of that segment; the best candidate over all segments is tested by
 * shuffling the values within each segment {@code permutations} times and computing the best Q of
 * the shuffled series in the same way: {@code p = (1 + shuffles with a Q at least as large) /
 * (1 + permutations)}. When {@code p ≤ pValue} the candidate is a change point and the search goes
 * on; otherwise it stops. Permutations come from a seeded generator, so the same series gives the
 * same answer on every machine.
 *
 * <pre>{@code
 * List<ChangePoint> cps = ChangePoints.detect(new double[] {10, 11, 10, 10, 20, 21, 20, 19}, ChangePoints.Settings.defaults());
 * // one change point at index 4: mean 10.25 before, 20.0 after, +95.1%
 * }</pre>
 */
public final class ChangePoints {

    private ChangePoints() {
    }

    /**
     * How change points are looked for.
     *
     * @param pValue       significance level of each permutation test, in (0, 1); a change point needs p ≤ it
     * @param minChange    the smallest relative change of the mean that counts, ≥ 0 (0.05: 5%)
     * @param permutations shuffles per test, ≥ 19 (the smallest p reachable is 1 / (permutations + 1))
     * @param minSize      the fewest values on each side of a change point, ≥ 2
     * @param seed         seed of the permutations
     */
    public record Settings(double pValue, double minChange, int permutations, int minSize, long seed) {
        public Settings {
            if (!(pValue > 0 && pValue < 1)) {
                throw new IllegalArgumentException("p-value must be in (0, 1), was " + pValue);
            }
            if (!(minChange >= 0) || Double.isInfinite(minChange)) {
                throw new IllegalArgumentException("minimum change must be a finite number ≥ 0, was " + minChange);
            }
            if (permutations < 19) {
                throw new IllegalArgumentException("permutations must be ≥ 19, was " + permutations);
            }
            if (minSize < 2) {
                throw new IllegalArgumentException("minimum segment size must be ≥ 2, was " + minSize);
            }
        }

        /** @return p ≤ 0.05, change ≥ 5%, 999 permutations, at least 2 values a side, seed 1 */
        public static Settings defaults() {
            return new Settings(0.05, 0.05, 999, 2, 1);
        }

        /** @return these settings with another significance level */
        public Settings withPValue(double p) {
            return new Settings(p, minChange, permutations, minSize, seed);
        }

        /** @return these settings with another minimum change (a fraction: 0.05 is 5%) */
        public Settings withMinChange(double fraction) {
            return new Settings(pValue, fraction, permutations, minSize, seed);
        }

        /** @return these settings with another seed */
        public Settings withSeed(long s) {
            return new Settings(pValue, minChange, permutations, minSize, s);
        }
    }

    /**
     * The change points of {@code series}, in index order.
     *
     * @param series   the values in order (e.g. one per commit, oldest first); all finite
     * @param settings how to look
     * @return change points; empty when the series is shorter than {@code 2 × minSize}
     */
    public static List<ChangePoint> detect(double[] series, Settings settings) {
        for (int i = 0; i < series.length; i++) {
            if (!Double.isFinite(series[i])) {
                throw new IllegalArgumentException("series[" + i + "] is not a finite number: " + series[i]);
            }
        }
        Map<Integer, Double> pValues = divide(series, settings);
        return merge(series, pValues, settings.minChange());
    }

    /** The divisive step: change point index → the p-value of the test that accepted it. */
    static Map<Integer, Double> divide(double[] x, Settings s) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {s.seed(), 0x45446976L});
        TreeSet<Integer> found = new TreeSet<>();
        Map<Integer, Double> pValues = new HashMap<>();
        Map<Long, Split> memo = new HashMap<>();
        // a test that cannot reach p ≤ pValue stops counting once too many shuffles have beaten it
        int enough = (int) Math.floor(s.pValue() * (s.permutations() + 1)) - 1;
        while (true) {
            List<int[]> segments = segments(found, x.length);
            Split best = null;
            for (int[] seg : segments) {
                Split c = memo.computeIfAbsent(((long) seg[0] << 32) | seg[1], k -> bestSplit(x, seg[0], seg[1], s.minSize()));
                if (c != null && (best == null || c.q() > best.q())) {
                    best = c;
                }
            }
            if (best == null) {
                return pValues;
            }
            double[] shuffled = x.clone();
            int atLeast = 0;
            for (int r = 0; r < s.permutations() && atLeast <= enough; r++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int[] seg : segments) {
                    shuffle(shuffled, seg[0], seg[1], rng);
                    Split c = bestSplit(shuffled, seg[0], seg[1], s.minSize());
                    if (c != null) {
                        max = Math.max(max, c.q());
                    }
                }
                if (max >= best.q()) {
                    atLeast++;
                }
            }
            double p = (1.0 + atLeast) / (1.0 + s.permutations());
            if (atLeast > enough || p > s.pValue()) {
                return pValues;
            }
            found.add(best.index());
            pValues.put(best.index(), p);
        }
    }

    /**
     * The split of {@code x[from, to)} with the largest Q over every end κ of its second part, as in
     * Matteson and James: X = x[from, τ), Y = x[τ, κ). Searching κ as well as τ finds a level that
     * moves and comes back (a bump) that a split against the whole rest of the segment blurs.
     *
     * @return the best split, or null when no split leaves minSize values a side
     */
    static Split bestSplit(double[] x, int from, int to, int minSize) {
        int m = to - from;
        if (m < 2 * minSize) {
            return null;
        }
        // w[a][b]: sum of |x_i − x_j| over pairs a ≤ i < j < b (segment-relative), filled in O(m²)
        double[][] w = new double[m + 1][m + 1];
        for (int b = 2; b <= m; b++) {
            double last = x[from + b - 1];
            double column = 0;
            for (int a = b - 2; a >= 0; a--) {
                column += Math.abs(x[from + a] - last);
                w[a][b] = w[a][b - 1] + column;
            }
        }
        Split best = null;
        for (int t = minSize; t <= m - minSize; t++) {
            double withinX = w[0][t] / (t * (t - 1) / 2.0);
            for (int k = t + minSize; k <= m; k++) {
                int n2 = k - t;
                double between = w[0][k] - w[0][t] - w[t][k];
                double e = 2 * between / ((double) t * n2) - withinX - w[t][k] / (n2 * (n2 - 1) / 2.0);
                double q = (double) t * n2 / (t + n2) * e;
                if (best == null || q > best.q()) {
                    best = new Split(from + t, q);
                }
            }
        }
        return best;
    }

    /**
     * Removes, one at a time, the change point with the smallest relative change while it is below
     * {@code minChange}; the neighbours of a removed point are measured again over their new segments.
     */
    static List<ChangePoint> merge(double[] x, Map<Integer, Double> pValues, double minChange) {
        List<Integer> idx = new ArrayList<>(new TreeSet<>(pValues.keySet()));
        while (true) {
            List<ChangePoint> cps = measure(x, idx, pValues);
            int weakest = -1;
            for (int i = 0; i < cps.size(); i++) {
                if (weakest < 0 || Math.abs(cps.get(i).change()) < Math.abs(cps.get(weakest).change())) {
                    weakest = i;
                }
            }
            if (weakest < 0 || !(Math.abs(cps.get(weakest).change()) < minChange)) {
                return cps;
            }
            idx.remove(weakest);
        }
    }

    private static List<ChangePoint> measure(double[] x, List<Integer> idx, Map<Integer, Double> pValues) {
        List<ChangePoint> out = new ArrayList<>();
        for (int i = 0; i < idx.size(); i++) {
            int from = i == 0 ? 0 : idx.get(i - 1);
            int at = idx.get(i);
            int to = i == idx.size() - 1 ? x.length : idx.get(i + 1);
            out.add(ChangePoint.of(at, mean(x, from, at), mean(x, at, to), pValues.get(at)));
        }
        return out;
    }

    private static List<int[]> segments(TreeSet<Integer> cps, int n) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int c : cps) {
            out.add(new int[] {from, c});
            from = c;
        }
        out.add(new int[] {from, n});
        return out;
    }

    /** Fisher–Yates over x[from, to). */
    private static void shuffle(double[] x, int from, int to, UniformRandomProvider rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            double t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }

    private static double mean(double[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += x[i];
        }
        return sum / (to - from);
    }

    /** A candidate: the first index of the second part, and its Q. */
    record Split(int index, double q) {
    }
}
