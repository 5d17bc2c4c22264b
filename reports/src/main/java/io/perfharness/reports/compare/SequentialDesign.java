package io.perfharness.reports.compare;

import java.util.List;

/**
 * The plan of a group-sequential paired comparison and where it stands: how many blocks (pairs of one
 * base run and one head run) it plans at most, after which block counts it has looked so far, and
 * whether the current look is the last (then it spends what is left of alpha).
 *
 * @param alpha    two-sided false-alarm level of the whole gate over all looks and all metrics,
 *                 0 &lt; alpha &lt; 1 (split equally among the metrics' regression tests: Bonferroni);
 *                 also each metric's one-sided equivalence level ({@link #equivalenceZ()}, not split)
 * @param spending how alpha is spent over the looks
 * @param planned  blocks planned at most (information fraction 1), ≥ 2
 * @param looks    block counts of every look so far, the current one last, strictly increasing, each ≥ 2
 * @param last     whether the current look is the last one (budget or planned blocks reached)
 */
public record SequentialDesign(double alpha, AlphaSpending spending, int planned, List<Integer> looks, boolean last) {

    public SequentialDesign {
        looks = List.copyOf(looks);
        if (looks.isEmpty()) {
            throw new IllegalArgumentException("a sequential design needs at least one look");
        }
        if (planned < 2) {
            throw new IllegalArgumentException("at least 2 blocks must be planned, got " + planned);
        }
        for (int i = 0; i < looks.size(); i++) {
            if (looks.get(i) < 2 || (i > 0 && looks.get(i) <= looks.get(i - 1))) {
                throw new IllegalArgumentException("looks must be increasing block counts >= 2, got " + looks);
            }
        }
        if (!last && looks.get(looks.size() - 1) >= planned) {
            throw new IllegalArgumentException("a look at " + looks.get(looks.size() - 1) + " of " + planned
                    + " planned blocks must be the last");
        }
    }

    /** @return the current look's number of blocks */
    public int blocks() {
        return looks.get(looks.size() - 1);
    }

    /**
     * @return the information fraction of each look: blocks ÷ planned, below 1 except at the last look,
     *         which counts as 1 (all of alpha that is left is spent there)
     */
    public double[] fractions() {
        double[] f = new double[looks.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = Math.min((double) looks.get(i) / planned, Math.nextDown(1.0));
        }
        if (last) {
            f[f.length - 1] = 1;
        }
        return f;
    }

    /**
     * @param metrics how many metrics share alpha, ≥ 1
     * @return the current look's two-sided critical z of one metric
     */
    public double criticalZ(int metrics) {
        double[] c = GroupSequentialBoundary.twoSided(alpha / metrics, fractions(), spending);
        return c[c.length - 1];
    }

    /**
     * The critical z of the equivalence ("unchanged") decision, as in two one-sided tests (TOST): the
     * worse-side bound of a repeated interval at two-sided level 1 − 2 × alpha, so each metric's one-sided
     * bound holds over all looks with probability 1 − alpha. A metric whose true change is at its threshold
     * is then called unchanged at some look with probability at most alpha.
     *
     * <p>Not split among the metrics, unlike {@link #criticalZ}: the gate says "no regression" only when
     * <em>every</em> required metric is unchanged, so its miss (some metric truly at its threshold, all
     * called unchanged) needs that one metric's bound to fail: probability at most alpha, however many
     * metrics there are (an intersection-union test, Berger 1982; bioequivalence tests AUC and Cmax each
     * at 5% the same way). A false alarm needs only one metric's regression test to fail, so those share
     * alpha (Bonferroni).
     *
     * @return the current look's critical z of the one-sided equivalence bound of each metric
     */
    public double equivalenceZ() {
        double[] c = GroupSequentialBoundary.twoSided(Math.min(2 * alpha, 0.5), fractions(), spending);
        return c[c.length - 1];
    }
}
