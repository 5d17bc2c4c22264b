package io.perfharness.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.junit.jupiter.api.Test;

import io.perfharness.reports.Reports;
import io.perfharness.reports.RunReport;

/**
 * The group-sequential paired test of {@code ab}, on simulated blocks (seeded): its boundaries, its
 * false-alarm rate over all looks, and its power.
 */
class SequentialComparisonTest {

    @Test
    void obrienFlemingBoundariesMatchPublishedValues() {
        // Lan-DeMets O'Brien-Fleming type, 5 equally spaced looks, two-sided 0.05 (gsDesign / ldbounds)
        double[] c = GroupSequentialBoundary.twoSided(0.05, new double[] {0.2, 0.4, 0.6, 0.8, 1}, AlphaSpending.OBRIEN_FLEMING);
        assertThat(c[0]).isCloseTo(4.877, within(0.01));
        assertThat(c[1]).isCloseTo(3.357, within(0.01));
        assertThat(c[2]).isCloseTo(2.680, within(0.01));
        assertThat(c[3]).isCloseTo(2.290, within(0.01));
        assertThat(c[4]).isCloseTo(2.031, within(0.01));
    }

    @Test
    void pocockBoundariesMatchPublishedValues() {
        // Lan-DeMets Pocock type, 5 equally spaced looks, two-sided 0.05: about 2.44, 2.43, 2.41, 2.40, 2.39
        double[] c = GroupSequentialBoundary.twoSided(0.05, new double[] {0.2, 0.4, 0.6, 0.8, 1}, AlphaSpending.POCOCK);
        assertThat(c[0]).isCloseTo(2.438, within(0.01));
        assertThat(c[4]).isCloseTo(2.390, within(0.02));
    }

    @Test
    void oneLookAtFractionOneIsTheFixedSampleTest() {
        double[] c = GroupSequentialBoundary.twoSided(0.05, new double[] {1}, AlphaSpending.OBRIEN_FLEMING);
        assertThat(c[0]).isCloseTo(1.95996, within(1e-4));
    }

    @Test
    void earlierBoundariesDoNotChangeWhenLooksAreAdded() {
        double[] three = GroupSequentialBoundary.twoSided(0.01, new double[] {0.2, 0.3, 0.5}, AlphaSpending.OBRIEN_FLEMING);
        double[] four = GroupSequentialBoundary.twoSided(0.01, new double[] {0.2, 0.3, 0.5, 1}, AlphaSpending.OBRIEN_FLEMING);
        assertThat(four[0]).isEqualTo(three[0]);
        assertThat(four[1]).isCloseTo(three[1], within(1e-9));
        assertThat(four[2]).isCloseTo(three[2], within(1e-9));
    }

    /** Looks after 4, 6, ... blocks of at most {@code planned}; the last look at {@code stop} blocks. */
    private static double[] criticalZ(int planned, int stop, double alpha) {
        return looks(planned, stop, alpha).stream().mapToDouble(d -> d.criticalZ(1)).toArray();
    }

    /** The equivalence (TOST) critical values of the looks of {@link #criticalZ}. */
    private static double[] equivalenceZ(int planned, int stop, double alpha) {
        return looks(planned, stop, alpha).stream().mapToDouble(d -> d.equivalenceZ()).toArray();
    }

    /** The design at each look after 4, 6, ... blocks, the one at {@code stop} the last. */
    private static List<SequentialDesign> looks(int planned, int stop, double alpha) {
        List<Integer> looks = new ArrayList<>();
        for (int n = 4; n <= stop; n += 2) {
            looks.add(n);
        }
        List<SequentialDesign> designs = new ArrayList<>();
        for (int i = 0; i < looks.size(); i++) {
            designs.add(new SequentialDesign(alpha, AlphaSpending.OBRIEN_FLEMING, planned, looks.subList(0, i + 1),
                    i == looks.size() - 1));
        }
        return designs;
    }

    /** Fraction of simulated sequences whose verdict was {@code wanted} at the look where they stopped. */
    private static double rate(Verdict wanted, double shift, ContinuousDistribution.Sampler noise, double sd,
                               double threshold, double[] z, int sequences) {
        return rate(wanted, shift, noise, sd, threshold, z, z, sequences);
    }

    private static double rate(Verdict wanted, double shift, ContinuousDistribution.Sampler noise, double sd,
                               double threshold, double[] z, double[] zEquivalence, int sequences) {
        int hits = 0;
        for (int s = 0; s < sequences; s++) {
            int max = 4 + 2 * (z.length - 1);
            double[] base = new double[max];
            double[] head = new double[max];
            for (int i = 0; i < max; i++) {
                base[i] = 1000;
                head[i] = 1000 * Math.exp(-shift + sd * noise.sample()); // throughput: a drop is worse
            }
            Verdict v = null;
            for (int look = 0; look < z.length; look++) {
                int n = 4 + 2 * look;
                v = SequentialComparison.compare(Metric.THROUGHPUT, java.util.Arrays.copyOf(base, n),
                        java.util.Arrays.copyOf(head, n), z[look], zEquivalence[look], threshold).verdict();
                if (v != Verdict.INCONCLUSIVE) {
                    break;
                }
            }
            if (v == wanted) {
                hits++;
            }
        }
        return (double) hits / sequences;
    }

    private static UniformRandomProvider rng(long seed) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed, 7});
    }

    @Test
    void falseAlarmRateOverAllLooksIsAtItsNominalLevel() {
        // threshold 0: a regression is any significant drop, so the rate is the one-sided level alpha/2
        double[] z = criticalZ(20, 20, 0.10);
        double normal = rate(Verdict.REGRESSION, 0, NormalDistribution.of(0, 1).createSampler(rng(1)), 0.05, 0, z, 4000);
        assertThat(normal).as("one-sided false alarms over 9 looks, normal noise").isBetween(0.037, 0.060);
        double heavy = rate(Verdict.REGRESSION, 0, TDistribution.of(3).createSampler(rng(2)), 0.05, 0, z, 4000);
        assertThat(heavy).as("one-sided false alarms over 9 looks, t3 noise").isLessThan(0.060);
    }

    @Test
    void aMetricWhoseRunsFallInTwoModesKeepsItsFalseAlarmRate() {
        // a busy machine's p50: each run near 0.45 or 0.75 ms (log ratio 0.51), so the block differences
        // are about -0.51, 0 or +0.51: far from normal
        double[] z = criticalZ(20, 20, 0.10);
        UniformRandomProvider modes = rng(11);
        ContinuousDistribution.Sampler jitter = NormalDistribution.of(0, 0.08).createSampler(rng(12));
        ContinuousDistribution.Sampler bimodal = () -> 0.51 * ((modes.nextBoolean() ? 1 : 0) - (modes.nextBoolean() ? 1 : 0))
                + jitter.sample();
        double r = rate(Verdict.REGRESSION, 0, bimodal, 1, 0, z, 4000);
        assertThat(r).as("one-sided false alarms over 9 looks, two modes").isLessThan(0.065);
    }

    @Test
    void stoppingEarlyBecauseTheBudgetRanOutKeepsTheLevel() {
        double[] z = criticalZ(40, 10, 0.10); // planned 40 blocks, the budget ended after 10
        double r = rate(Verdict.REGRESSION, 0, NormalDistribution.of(0, 1).createSampler(rng(3)), 0.05, 0, z, 4000);
        assertThat(r).isBetween(0.037, 0.060);
    }

    @Test
    void aThresholdMakesFalseAlarmsRarer() {
        double[] z = criticalZ(20, 20, 0.05);
        double r = rate(Verdict.REGRESSION, 0, NormalDistribution.of(0, 1).createSampler(rng(4)), 0.05, 5, z, 4000);
        assertThat(r).isLessThan(0.01);
    }

    @Test
    void unchangedByTwoOneSidedTestsMissesARegressionAtTheThresholdAtMostAlphaOfTheTime() {
        // a true 5% drop, threshold 5%: calling it unchanged is a miss; TOST keeps that below alpha (0.05)
        double[] z = criticalZ(20, 20, 0.05);
        double[] zEq = equivalenceZ(20, 20, 0.05);
        assertThat(zEq[zEq.length - 1]).isLessThan(z[z.length - 1]);
        double missed = rate(Verdict.UNCHANGED, Math.log(1 / 0.95), NormalDistribution.of(0, 1).createSampler(rng(8)),
                0.05, 5, z, zEq, 4000);
        assertThat(missed).as("unchanged although 5% worse (nominal 0.05; the same tolerance as the false alarms)").isLessThan(0.062);
        // and with no change it decides "unchanged" more often than the two-sided interval does
        double tost = rate(Verdict.UNCHANGED, 0, NormalDistribution.of(0, 1).createSampler(rng(9)), 0.08, 5, z, zEq, 2000);
        double twoSided = rate(Verdict.UNCHANGED, 0, NormalDistribution.of(0, 1).createSampler(rng(9)), 0.08, 5, z, 2000);
        assertThat(tost).isGreaterThan(twoSided + 0.05);
        assertThat(rate(Verdict.REGRESSION, 0, NormalDistribution.of(0, 1).createSampler(rng(10)), 0.05, 0, z, zEq, 4000))
                .as("the regression test is the two-sided one's").isBetween(0.01, 0.035);
    }

    /**
     * The gate over {@code shifts.length} required metrics, as {@code ab} stops: at the first look where a
     * metric regressed or every metric is unchanged. Each metric's block differences are independent,
     * normal with {@code sd}, its true change {@code shifts[k]} (a drop, ln). Critical values: the regression test's
     * split among the metrics, the equivalence bound's {@code zEquivalence}.
     *
     * @return the fraction of sequences that ended "no regression" (every metric unchanged)
     */
    private static double gateSaysNoRegression(double[] shifts, double sd, double[] zEquivalence, long seed,
                                               int sequences) {
        List<SequentialDesign> designs = looks(20, 20, 0.05);
        ContinuousDistribution.Sampler noise = NormalDistribution.of(0, 1).createSampler(rng(seed));
        double[] z = designs.stream().mapToDouble(d -> d.criticalZ(shifts.length)).toArray();
        int max = 4 + 2 * (designs.size() - 1);
        int noRegression = 0;
        for (int s = 0; s < sequences; s++) {
            double[][] head = new double[shifts.length][max];
            double[] base = new double[max];
            java.util.Arrays.fill(base, 1000);
            for (int k = 0; k < shifts.length; k++) {
                for (int i = 0; i < max; i++) {
                    head[k][i] = 1000 * Math.exp(-shifts[k] + sd * noise.sample());
                }
            }
            for (int look = 0; look < designs.size(); look++) {
                int n = 4 + 2 * look;
                boolean regression = false;
                boolean allUnchanged = true;
                for (int k = 0; k < shifts.length; k++) {
                    Verdict v = SequentialComparison.compare(Metric.THROUGHPUT, java.util.Arrays.copyOf(base, n),
                            java.util.Arrays.copyOf(head[k], n), z[look], zEquivalence[look], 5).verdict();
                    regression |= v == Verdict.REGRESSION;
                    allUnchanged &= v == Verdict.UNCHANGED;
                }
                if (regression) {
                    break;
                }
                if (allUnchanged) {
                    noRegression++;
                    break;
                }
            }
        }
        return (double) noRegression / sequences;
    }

    @Test
    void theGateMissesARegressionAtTheThresholdAtMostAlphaOfTheTimeWithTheEquivalenceBoundNotSplitAmongMetrics() {
        double[] zEq = equivalenceZ(20, 20, 0.05);
        // one of three required metrics 5% worse (at its threshold), two unchanged: "no regression" is a miss
        double missed = gateSaysNoRegression(new double[] {Math.log(1 / 0.95), 0, 0}, 0.06, zEq, 21, 4000);
        assertThat(missed).as("misses over 9 looks, 3 metrics, equivalence at 1 - 2 alpha each (nominal 0.05)")
                .isLessThan(0.062);
        // and an A/A decides "no regression" more often than with the bound split among the metrics
        double[] zSplit = looks(20, 20, 0.05 / 3).stream().mapToDouble(SequentialDesign::equivalenceZ).toArray();
        assertThat(zEq[zEq.length - 1]).isLessThan(zSplit[zSplit.length - 1]);
        double decided = gateSaysNoRegression(new double[] {0, 0, 0}, 0.09, zEq, 22, 2000);
        double decidedSplit = gateSaysNoRegression(new double[] {0, 0, 0}, 0.09, zSplit, 22, 2000);
        assertThat(decided).isGreaterThan(decidedSplit + 0.05);
    }

    @Test
    void findsAnEightPercentDropThroughTenPercentNoise() {
        double[] z = criticalZ(20, 20, 0.05);
        double power = rate(Verdict.REGRESSION, Math.log(1 / 0.92), NormalDistribution.of(0, 1).createSampler(rng(5)),
                0.10, 5, z, 2000);
        assertThat(power).isGreaterThan(0.80);
    }

    @Test
    void aLargeRegressionStopsEarly() {
        double[] z = criticalZ(20, 20, 0.05);
        double[] base = {1000, 1010, 990, 1005, 1000, 1010, 990, 1005};
        double[] head = {500, 520, 490, 505, 510, 495, 500, 505};
        MetricComparison m = SequentialComparison.compare(Metric.THROUGHPUT, base, head, z[2], 5); // the 3rd look of 9
        assertThat(m.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(m.change()).isCloseTo(-49.6, within(0.5));
        assertThat(m.reason()).contains("wholly beyond -5%");
    }

    @Test
    void noChangeIsDecidedUnchangedOnceTheIntervalIsWithinTheThreshold() {
        double[] z = criticalZ(20, 20, 0.05);
        double[] noise = {0.01, -0.012, 0.004, -0.003, 0.008, -0.006, 0.002, -0.001, 0.005, -0.007, 0.003, 0.0};
        double[] base = new double[noise.length];
        double[] head = new double[noise.length];
        for (int i = 0; i < noise.length; i++) {
            base[i] = 10;
            head[i] = 10 * Math.exp(noise[i]);
        }
        MetricComparison m = SequentialComparison.compare(Metric.P50, base, head, z[4], 5);
        assertThat(m.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(m.ciHigh()).isLessThan(5);
    }

    @Test
    void aTailPercentileWithTooFewRequestsBeyondItIsNotComparedAndSaysWhy() {
        // 2,000 req/s for 5 s: 10,000 requests a repetition: 1,000 beyond p90, 100 beyond p99, 10 beyond p99.9
        List<RunReport> base = new ArrayList<>();
        List<RunReport> head = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            base.add(Reports.report("b", 1, 2000, 400, 0.01, 10 + i));
            head.add(Reports.report("h", 1, 2000, 400, 0.01, 20 + i));
        }
        SequentialDesign design = new SequentialDesign(0.05, AlphaSpending.OBRIEN_FLEMING, 20, List.of(4), false);
        Comparison c = SequentialComparison.of(base, head, design, CompareSettings.defaults(), "base", "head");
        assertThat(c.metrics()).extracting(m -> m.metric().name()).containsExactly("throughput", "p50", "p90", "errorRate");
        // (each report's rate varies by 1%: about 10,000)
        assertThat(c.warnings()).anyMatch(w -> w.matches("p99: not compared: a repetition had 9,[89]\\d\\d requests, so p99"
                + " rests on its 9\\d slowest; it needs 40,000 \\(400 beyond it: a longer -d\\), or --threshold p99=N .*"));
        assertThat(c.warnings()).anyMatch(w -> w.matches("p99.9: not compared: a repetition had 9,[89]\\d\\d requests, so p99.9"
                + " rests on its 9 slowest; it needs 400,000 .*"));
        assertThat(c.warnings().get(0)).contains("over 4 metrics");

        // the user's own threshold compares it anyway
        Comparison forced = SequentialComparison.of(base, head, design,
                CompareSettings.defaults().withThreshold("p99.9=30%"), "base", "head");
        assertThat(forced.metrics()).extracting(m -> m.metric().name()).contains("p99.9").doesNotContain("p99");

        // 10,000 req/s: 50,000 requests, 500 beyond p99, 50 beyond p99.9
        List<RunReport> bigBase = List.of(Reports.report("b", 1, 10000, 400, 0.01, 1), Reports.report("b", 1, 10000, 400, 0.01, 2));
        List<RunReport> bigHead = List.of(Reports.report("h", 1, 10000, 400, 0.01, 3), Reports.report("h", 1, 10000, 400, 0.01, 4));
        SequentialDesign two = new SequentialDesign(0.05, AlphaSpending.OBRIEN_FLEMING, 20, List.of(2), false);
        assertThat(SequentialComparison.of(bigBase, bigHead, two, CompareSettings.defaults(), "base", "head").metrics())
                .extracting(m -> m.metric().name()).contains("p99").doesNotContain("p99.9");
    }

    @Test
    void p50IsWatchedNotRequiredUnlessGivenAThreshold() {
        // steady throughput, but each run's median is 450 or 750 µs at random (as on a busy machine)
        java.util.Random modes = new java.util.Random(7);
        List<RunReport> base = new ArrayList<>();
        List<RunReport> head = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            base.add(run(2000, modes.nextBoolean() ? 450 : 750, 100 + i));
            head.add(run(2000, modes.nextBoolean() ? 450 : 750, 200 + i));
        }
        SequentialDesign design = new SequentialDesign(0.05, AlphaSpending.OBRIEN_FLEMING, 20,
                List.of(4, 6, 8), false);
        Comparison c = SequentialComparison.of(base, head, design, CompareSettings.defaults(), "base", "head");
        MetricComparison p50 = c.metrics().stream().filter(m -> m.metric().equals(Metric.P50)).findFirst().orElseThrow();
        assertThat(p50.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(p50.required()).isFalse();
        assertThat(p50.open()).isFalse();
        assertThat(p50.reason()).startsWith("not required; interval reaches beyond +5%");
        assertThat(c.metrics()).filteredOn(m -> m.metric().equals(Metric.THROUGHPUT)).extracting(MetricComparison::verdict)
                .containsExactly(Verdict.UNCHANGED);
        assertThat(SequentialComparison.decided(c)).isTrue();
        assertThat(c.hasRegression()).isFalse();
        assertThat(c.warnings()).anyMatch(w -> w.startsWith("p50, p90: watched, not required: a regression in them fails the gate"));

        // the user's threshold makes it required: the result waits for it
        Comparison strict = SequentialComparison.of(base, head, design, CompareSettings.defaults().withThreshold("p50=5%"),
                "base", "head");
        assertThat(strict.metrics()).filteredOn(m -> m.metric().equals(Metric.P50)).allMatch(MetricComparison::open);
        assertThat(SequentialComparison.decided(strict)).isFalse();

        // a regression in a watched metric still fails the gate
        List<RunReport> slower = new ArrayList<>();
        List<RunReport> steady = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            steady.add(run(2000, 450, 300 + i));
            slower.add(run(2000, 600, 400 + i));
        }
        Comparison worse = SequentialComparison.of(steady, slower, design, CompareSettings.defaults(), "base", "head");
        assertThat(worse.hasRegression()).isTrue();
        assertThat(worse.regressions()).extracting(m -> m.metric().name()).contains("p50");
        assertThat(SequentialComparison.decided(worse)).isTrue();
    }

    private static RunReport run(double rps, double medianUs, long seed) {
        return RunReport.ofRepetitions(Reports.meta("c"), "flask-json", "http", Reports.PARAMS,
                List.of(Reports.repetition(rps, medianUs, seed)));
    }

    @Test
    void noisyDataAreInconclusiveNotUnchanged() {
        double[] base = {10, 10, 10, 10};
        double[] head = {13, 8, 12, 9};
        MetricComparison m = SequentialComparison.compare(Metric.P50, base, head, 2.5, 5);
        assertThat(m.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(m.reason()).contains("reaches beyond +5%");
    }
}
