package io.perfharness.reports.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ChangePointsTest {

    static final ChangePoints.Settings ANY_SIZE = ChangePoints.Settings.defaults().withMinChange(0);

    /** {@code n} values around {@code mean} with normal noise of standard deviation {@code sd}. */
    static double[] noise(Random random, int n, double mean, double sd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * random.nextGaussian();
        }
        return v;
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void clearStepIsFoundAtItsIndex() {
        Random random = new Random(7);
        double[] series = concat(noise(random, 20, 1000, 20), noise(random, 15, 800, 20));
        List<ChangePoint> cps = ChangePoints.detect(series, ChangePoints.Settings.defaults());
        assertThat(cps).hasSize(1);
        ChangePoint cp = cps.get(0);
        assertThat(cp.index()).isEqualTo(20);
        assertThat(cp.before()).isCloseTo(1000, within(15.0));
        assertThat(cp.after()).isCloseTo(800, within(15.0));
        assertThat(cp.changePercent()).isCloseTo(-20, within(2.0));
        assertThat(cp.pValue()).isLessThanOrEqualTo(0.05).isGreaterThanOrEqualTo(1.0 / 1000);
    }

    @Test
    void stepInAShortHistoryIsFoundAtItsIndex() {
        double[] series = {2010, 1990, 2005, 1995, 2000, 1500, 1510, 1490, 1505, 1495};
        List<ChangePoint> cps = ChangePoints.detect(series, ChangePoints.Settings.defaults());
        assertThat(cps).extracting(ChangePoint::index).containsExactly(5);
        // 2 of the C(10, 5) = 252 splits into two halves are as extreme: p ≈ 2 / 252
        assertThat(cps.get(0).pValue()).isLessThan(0.02);
    }

    @Test
    void pureNoiseGivesAChangePointAtAboutTheNominalRate() {
        int trials = 400;
        int withChangePoint = 0;
        for (int seed = 0; seed < trials; seed++) {
            double[] series = noise(new Random(seed), 30, 1000, 50);
            if (!ChangePoints.detect(series, ANY_SIZE.withSeed(seed)).isEmpty()) {
                withChangePoint++;
            }
        }
        double rate = (double) withChangePoint / trials;
        // the first test of the max statistic has level 0.05 exactly; binomial sd at 400 trials is 0.011
        assertThat(rate).as("false change point rate").isBetween(0.02, 0.08);
    }

    @Test
    void pureNoiseWithTheDefaultMinimumChangeRarelyGivesAChangePoint() {
        int withChangePoint = 0;
        for (int seed = 0; seed < 100; seed++) {
            double[] series = noise(new Random(1000 + seed), 30, 1000, 20);
            withChangePoint += ChangePoints.detect(series, ChangePoints.Settings.defaults().withSeed(seed)).size();
        }
        assertThat(withChangePoint).isZero();
    }

    @Test
    void twoStepsAreBothFound() {
        Random random = new Random(3);
        double[] series = concat(noise(random, 15, 100, 3), noise(random, 15, 120, 3), noise(random, 15, 90, 3));
        List<ChangePoint> cps = ChangePoints.detect(series, ChangePoints.Settings.defaults());
        assertThat(cps).extracting(ChangePoint::index).containsExactly(15, 30);
        assertThat(cps.get(0).changePercent()).isCloseTo(20, within(3.0));
        assertThat(cps.get(1).changePercent()).isCloseTo(-25, within(3.0));
        assertThat(cps.get(1).before()).isCloseTo(120, within(2.0));
    }

    @Test
    void aStepBackToTheFormerLevelIsTwoChangePoints() {
        Random random = new Random(11);
        double[] series = concat(noise(random, 12, 100, 2), noise(random, 8, 130, 2), noise(random, 12, 100, 2));
        assertThat(ChangePoints.detect(series, ChangePoints.Settings.defaults())).extracting(ChangePoint::index)
                .containsExactly(12, 20);
    }

    @Test
    void significantChangesSmallerThanTheMinimumAreMergedAway() {
        Random random = new Random(5);
        double[] series = concat(noise(random, 15, 1000, 2), noise(random, 15, 1020, 2));
        assertThat(ChangePoints.detect(series, ANY_SIZE)).extracting(ChangePoint::index).containsExactly(15);
        assertThat(ChangePoints.detect(series, ChangePoints.Settings.defaults())).isEmpty();
        assertThat(ChangePoints.detect(series, ChangePoints.Settings.defaults().withMinChange(0.01))).hasSize(1);
    }

    @Test
    void sameSeriesAndSeedGiveTheSameAnswer() {
        Random random = new Random(9);
        double[] series = concat(noise(random, 6, 100, 8), noise(random, 6, 112, 8));
        List<ChangePoint> first = ChangePoints.detect(series, ANY_SIZE.withSeed(42));
        for (int i = 0; i < 3; i++) {
            assertThat(ChangePoints.detect(series, ANY_SIZE.withSeed(42))).isEqualTo(first);
        }
    }

    @Test
    void constantOrShortSeriesHaveNoChangePoint() {
        assertThat(ChangePoints.detect(new double[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, ANY_SIZE)).isEmpty();
        assertThat(ChangePoints.detect(new double[] {1, 1, 9}, ANY_SIZE)).isEmpty();
        assertThat(ChangePoints.detect(new double[0], ANY_SIZE)).isEmpty();
        // 4 values: the only split 2|2 is one of 3 ways to halve them, so p ≥ 1/3
        assertThat(ChangePoints.detect(new double[] {1, 1, 9, 9}, ANY_SIZE)).isEmpty();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> ChangePoints.detect(new double[] {1, Double.NaN, 3, 4}, ANY_SIZE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("series[1]");
        assertThatThrownBy(() -> ANY_SIZE.withPValue(0)).hasMessageContaining("p-value");
        assertThatThrownBy(() -> ANY_SIZE.withPValue(1.5)).hasMessageContaining("p-value");
        assertThatThrownBy(() -> ANY_SIZE.withMinChange(-0.1)).hasMessageContaining("minimum change");
        assertThatThrownBy(() -> new ChangePoints.Settings(0.05, 0, 5, 2, 1)).hasMessageContaining("permutations");
    }
}
