package io.perfharness.reports.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.statistics.distribution.NormalDistribution;

import io.perfharness.reports.RunReport;

/**
 * Base against head from interleaved blocks of runs, decided by a group-sequential test: what
 * {@code perfharness ab} looks at after each group of blocks.
 *
 * <p>Block i holds base run i and head run i, made one after the other in a random order, each with a
 * fresh service. Each run gives one value of each metric (the median of its repetitions). The paired
 * difference of block i is ln(head<sub>i</sub> ÷ base<sub>i</sub>) for relative metrics (their change is
 * then exp(mean) − 1, in %) and head<sub>i</sub> − base<sub>i</sub> for absolute ones (the error rate, in
 * percentage points). Around the mean difference a repeated confidence interval
 * ({@link PairedInterval}) at the look's critical value ({@link SequentialDesign#criticalZ}); the
 * intervals of all looks hold together with probability 1 − alpha, so deciding at any look, or going on,
 * keeps the error rates. A metric is
 * <ul>
 * <li>{@code regression} when the interval excludes 0 on the worse side and the estimate is worse than
 *     the metric's threshold,</li>
 * <li>{@code improvement} the same on the better side,</li>
 * <li>{@code unchanged} when the worse-side bound of the equivalence interval (two one-sided tests, TOST:
 *     {@link SequentialDesign#equivalenceZ}, level 1 − 2 alpha, not split among the metrics: an
 *     intersection-union test) rules out a worsening beyond the threshold,</li>
 * <li>{@code inconclusive} otherwise: more blocks are needed.</li>
 * </ul>
 * The result waits for every metric to be decided except the {@link #WATCHED} ones (p50 and p90): a
 * regression in those fails the gate like any other, but they need not be decided.
 * Every metric the reports have is compared ({@link Distribution#ofReports}), so a metric added there is
 * gated here too, at its {@link CompareSettings#threshold} and with its share of alpha.
 */
public final class SequentialComparison {

    private SequentialComparison() {
    }

    /**
     * @param base     base run i of block i, one report per run, at least 2
     * @param head     head run i of block i, as many as {@code base}
     * @param design   the plan and the current look ({@code design.blocks()} must equal the number of blocks)
     * @param settings thresholds (alpha, method and noise guard are not used: {@code design} decides)
     * @param baseLabel what the base is (a ref and commit), for the output
     * @param headLabel what the head is
     * @return the comparison: per metric the median of each side's run values, the estimated change with
     *         its repeated interval, the p-value of a paired t-test at this look alone, and the verdict
     * @throws IllegalArgumentException when the sides have different numbers of runs or too few
     */
    public static Comparison of(List<RunReport> base, List<RunReport> head, SequentialDesign design,
                                CompareSettings settings, String baseLabel, String headLabel) {
        if (base.size() != head.size() || base.size() < 2) {
            throw new IllegalArgumentException("paired comparison needs as many base as head runs, at least 2; got "
                    + base.size() + " and " + head.size());
        }
        if (design.blocks() != base.size()) {
            throw new IllegalArgumentException("the look is at " + design.blocks() + " blocks but " + base.size() + " were given");
        }
        Map<Metric, double[]> b = runValues(base);
        Map<Metric, double[]> h = runValues(head);
        List<String> warnings = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        for (Metric m : b.keySet()) {
            if (h.containsKey(m)) {
                metrics.add(m);
            } else {
                warnings.add(m.name() + ": only in base");
            }
        }
        for (Metric m : h.keySet()) {
            if (!b.containsKey(m)) {
                warnings.add(m.name() + ": only in head");
            }
        }
        if (metrics.isEmpty()) {
            throw new IncomparableReportsException("no metric in common between " + baseLabel + " and " + headLabel);
        }
        metrics.removeIf(m -> {
            String why = tooFewBeyond(m, base, head, settings);
            if (why != null) {
                warnings.add(why);
            }
            return why != null;
        });
        double z = design.criticalZ(metrics.size());
        double zEquivalence = design.equivalenceZ();
        double level = 1 - design.alpha() / metrics.size();
        List<MetricComparison> out = new ArrayList<>();
        List<String> watched = new ArrayList<>();
        for (Metric m : metrics) {
            MetricComparison mc = compare(m, b.get(m), h.get(m), z, zEquivalence, settings.threshold(m));
            if (!required(m, settings)) {
                watched.add(m.name());
                mc = new MetricComparison(m, mc.baseN(), mc.headN(), mc.baseMedian(), mc.headMedian(), mc.change(),
                        mc.ciLow(), mc.ciHigh(), mc.pValue(), mc.threshold(), mc.verdict(),
                        (mc.verdict() == Verdict.INCONCLUSIVE ? "not required; " : "") + mc.reason(), false);
            }
            out.add(mc);
        }
        if (!watched.isEmpty()) {
            warnings.add(0, String.join(", ", watched) + ": watched, not required: a regression in "
                    + (watched.size() == 1 ? "it" : "them") + " fails the gate, but the result does not wait for "
                    + (watched.size() == 1 ? "it" : "them") + " to be decided (a run's median can jump between two"
                    + " modes on a busy machine); --threshold " + watched.get(0) + "=N requires it");
        }
        warnings.add(0, method(design, metrics.size(), level));
        CompareSettings shown = new CompareSettings(settings.thresholds(), design.alpha(), settings.method(), level,
                settings.resamples(), settings.seed(), settings.allowMismatch(), 0);
        return new Comparison(Distribution.ofReports(baseLabel, base), Distribution.ofReports(headLabel, head), shown,
                out, warnings);
    }

    /**
     * A tail percentile is compared only when every repetition of every run has at least this many requests
     * beyond it (unless the user gave it a {@code --threshold}: then it is compared whatever the count). A
     * percentile estimated from k requests beyond it moves from run to run by its sampling error alone; on
     * the default scenario (A/A, quiet, 2-s runs of ~8,300-9,800 requests) the block differences varied by
     * (sd) 4-7% for p50 and p90, 16-17% for p99 (~85 beyond it) and 20-38% for p99.9 (~9): about 1.5 ÷ √k.
     * With 16% a p99 interval narrows to its ±10% threshold only at the 26th block, the end of the 5-min
     * budget (and never on a busy machine), so every A/A took the whole budget. 400 beyond it (~7.5%) keeps
     * p90 from 4,000 requests a repetition, p99 from 40,000 and p99.9 from 400,000.
     */
    public static final int MIN_BEYOND = 400;

    /**
     * @return why {@code m} is not compared (a tail percentile with fewer than {@link #MIN_BEYOND} requests
     *         beyond it in some repetition, and no threshold of the user's for it), or null to compare it
     */
    static String tooFewBeyond(Metric m, List<RunReport> base, List<RunReport> head, CompareSettings settings) {
        double q = switch (m.baseName()) {
            case "p90" -> 0.90;
            case "p99", "serviceP99" -> 0.99;
            case "p99.9" -> 0.999;
            default -> Double.NaN;
        };
        if (Double.isNaN(q) || settings.thresholds().containsKey(m.name()) || settings.thresholds().containsKey(m.baseName())) {
            return null;
        }
        String endpoint = m.name().equals(m.baseName()) ? null : m.name().substring(m.baseName().length() + 1, m.name().length() - 1);
        long fewest = Long.MAX_VALUE;
        for (List<RunReport> side : List.of(base, head)) {
            for (RunReport r : side) {
                for (var rep : r.runs()) {
                    long n = endpoint == null ? rep.requests() : rep.endpoints() == null ? 0
                            : rep.endpoints().stream().filter(e -> e.name().equals(endpoint)).mapToLong(e -> e.requests()).sum();
                    fewest = Math.min(fewest, n);
                }
            }
        }
        long beyond = (long) Math.floor(fewest * (1 - q) + 1e-9);
        if (beyond >= MIN_BEYOND) {
            return null;
        }
        long needed = (long) Math.ceil(MIN_BEYOND / (1 - q) - 1e-9);
        return String.format(Locale.ROOT, "%s: not compared: a repetition had %,d requests, so %s rests on its %d slowest;"
                + " it needs %,d (%d beyond it: a longer -d), or --threshold %s=N to compare it anyway",
                m.name(), fewest, m.baseName(), beyond, needed, MIN_BEYOND, m.name());
    }

    /**
     * Percentiles of the body of the distribution that {@code ab} watches but does not wait for, unless the
     * user gives one a {@code --threshold} (then it is required like the others). Measured (gate-accuracy,
     * {@code stress-ng --cpu 1} beside the example app): a run's p50 is about 0.45 or about 0.75 ms depending
     * on how the workers share the cores with the hog, so p50's block differences varied by (sd) 27-36% where
     * throughput's varied by ~3% and service CPU's by ~2%; no budget narrows that to ±5%, and 5 of 5 A/A
     * pairs ended inconclusive on p50 alone. Replayed on the kept runs with p50 and p90 watched: those 5
     * decided (no regression, after 12-22 blocks), 7 of 8 quiet A/A too, and every planted regression (20)
     * was still caught at the same block. Their regression still fails the gate (the repeated intervals keep
     * alpha whatever the stopping rule). The mean latency is not added instead: in a closed model it is the
     * connections ÷ throughput (Little's law), so it would only repeat throughput's verdict.
     */
    public static final java.util.Set<String> WATCHED = java.util.Set.of("p50", "p90");

    /** @return whether the result waits for {@code m} to be decided: not a {@link #WATCHED} one the user left alone */
    static boolean required(Metric m, CompareSettings settings) {
        return !WATCHED.contains(m.baseName()) || settings.thresholds().containsKey(m.name())
                || settings.thresholds().containsKey(m.baseName());
    }

    /** @return whether the gate can stop: a metric regressed, or no required one is inconclusive */
    public static boolean decided(Comparison c) {
        return c.hasRegression() || c.metrics().stream().noneMatch(MetricComparison::open);
    }

    /** {@link #compare(Metric, double[], double[], double, double, double)} with one critical value for all decisions. */
    static MetricComparison compare(Metric m, double[] base, double[] head, double z, double threshold) {
        return compare(m, base, head, z, z, threshold);
    }

    /**
     * @param z            the look's two-sided critical z of one metric: the printed interval, and the test of a
     *                     regression or an improvement
     * @param zEquivalence the critical z of the equivalence bound ({@code unchanged}), ≤ {@code z}
     */
    static MetricComparison compare(Metric m, double[] base, double[] head, double z, double zEquivalence,
                                    double threshold) {
        int n = base.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            if (m.absolute()) {
                d[i] = head[i] - base[i];
            } else if (base[i] > 0 && head[i] > 0) {
                d[i] = Math.log(head[i] / base[i]);
            } else {
                return new MetricComparison(m, n, n, Statistics.median(base), Statistics.median(head), Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, threshold, Verdict.INCONCLUSIVE,
                        "block " + (i + 1) + " has a value of 0: no relative change");
            }
        }
        PairedInterval pi = PairedInterval.of(d, z);
        double change = m.absolute() ? pi.mean() : 100 * Math.expm1(pi.mean());
        double low = m.absolute() ? pi.low() : 100 * Math.expm1(pi.low());
        double high = m.absolute() ? pi.high() : 100 * Math.expm1(pi.high());
        boolean higherBetter = m.direction() == Direction.HIGHER_IS_BETTER;
        // the equivalence (TOST) interval's end on the worse side, in the unit of change
        PairedInterval eq = zEquivalence == z ? pi : PairedInterval.of(d, zEquivalence);
        double eqEnd = higherBetter ? eq.low() : eq.high();
        double equivalenceBound = m.absolute() ? eqEnd : 100 * Math.expm1(eqEnd);
        // in the worse direction: > 0 is worse
        double worse = higherBetter ? -change : change;
        double worseLow = higherBetter ? -high : low;
        double worseHigh = higherBetter ? -low : high;
        String unit = m.absolute() ? ("%".equals(m.unit()) ? "pp" : " " + m.unit()) : "%";
        String limit = (higherBetter ? "-" : "+") + Comparison.num(threshold) + unit;
        String spread = String.format(Locale.ROOT, "block differences vary by %s%s (sd)",
                m.absolute() ? fmt(pi.sd()) : fmt(100 * pi.sd()), m.absolute() ? unit : "%");
        Verdict v;
        String reason;
        if (worseLow > 0 && worse > threshold) {
            v = Verdict.REGRESSION;
            reason = (worseLow > threshold ? "interval wholly beyond " : "interval excludes 0, estimate beyond ") + limit;
        } else if (worseHigh < 0 && -worse > threshold) {
            v = Verdict.IMPROVEMENT;
            reason = "interval excludes 0, estimate better than " + limit.replace('+', '±').replace('-', '±');
        } else if (worseHigh <= threshold) {
            v = Verdict.UNCHANGED;
            reason = "interval rules out a change worse than " + limit;
        } else if ((higherBetter ? -equivalenceBound : equivalenceBound) <= threshold) {
            v = Verdict.UNCHANGED;
            reason = String.format(Locale.ROOT, "one-sided %s%% bound %s%s rules out a change worse than %s (TOST)",
                    fmt(100 * (1 - NORMAL.survivalProbability(zEquivalence))),
                    (equivalenceBound >= 0 ? "+" : "") + fmt(equivalenceBound), unit, limit);
        } else {
            v = Verdict.INCONCLUSIVE;
            reason = "interval reaches beyond " + limit + "; " + spread;
        }
        return new MetricComparison(m, n, n, Statistics.median(base), Statistics.median(head), change, low, high,
                pi.pValue(), threshold, v, reason);
    }

    private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

    /** One value per run and metric: the median of the run's repetitions. */
    static Map<Metric, double[]> runValues(List<RunReport> runs) {
        Map<Metric, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            Distribution one = Distribution.ofReports("run " + (i + 1), List.of(runs.get(i)));
            for (var e : one.samples().entrySet()) {
                double[] values = out.computeIfAbsent(e.getKey(), k -> new double[runs.size()]);
                values[i] = Statistics.median(e.getValue());
            }
        }
        return out;
    }

    private static String method(SequentialDesign d, int metrics, double level) {
        return String.format(Locale.ROOT, "method: %d interleaved blocks (base run i and head run i, random order);"
                        + " paired differences (log ratio) with a %s%% repeated confidence interval, look %d (%s alpha"
                        + " spending, %d blocks planned%s); alpha %s over %d metrics; a regression needs the interval to"
                        + " exclude 0 and the estimate beyond the metric's threshold",
                d.blocks(), fmt(100 * level), d.looks().size(),
                d.spending() == AlphaSpending.OBRIEN_FLEMING ? "O'Brien-Fleming" : "Pocock", d.planned(),
                d.last() ? ", the last" : "", Comparison.num(d.alpha()), metrics);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
