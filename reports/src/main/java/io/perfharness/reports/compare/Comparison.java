package io.perfharness.reports.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.perfharness.reports.RunReport;

/**
 * Base against head, metric by metric, with a verdict for each. A metric is a {@link Verdict#REGRESSION}
 * only when both hold: the change is statistically significant (the Mann–Whitney U test on the samples,
 * or the bootstrap interval, see {@link CompareSettings.Method}) and it goes beyond the metric's
 * threshold in the worse direction. The method and its assumptions are described in the reports
 * module's README.
 *
 * <pre>{@code
 * Comparison c = Comparison.of(Path.of("base"), Path.of("head"), CompareSettings.defaults().withThreshold("p99=15%"));
 * System.out.print(ComparisonFormat.TEXT.render(c));
 * System.exit(c.hasRegression() ? 1 : 0);
 * }</pre>
 *
 * @param base     the base side as read
 * @param head     the head side as read
 * @param settings how it was decided
 * @param metrics  one comparison per metric present on both sides, in a stable order
 * @param warnings things that make the comparison less trustworthy (mismatched parameters when allowed,
 *                 metrics on one side only, few forks), each one line
 */
public record Comparison(Distribution base, Distribution head, CompareSettings settings,
                         List<MetricComparison> metrics, List<String> warnings) {

    public Comparison {
        metrics = List.copyOf(metrics);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads both sides and compares them.
     *
     * @param base a report file, a JMH result file, or a directory of either
     * @param head the same kind as {@code base}
     * @throws io.perfharness.reports.ReportFormatException when a side cannot be read (exit 2)
     * @throws IncomparableReportsException when the sides are of different kinds, or were made with
     *                                      different load parameters and mismatches are not allowed (exit 2)
     * @throws IllegalArgumentException     when a threshold names no metric of either side (exit 2)
     */
    public static Comparison of(Path base, Path head, CompareSettings settings) {
        return of(CompareInput.read(base), CompareInput.read(head), settings);
    }

    /** Compares two sides already read; see {@link #of(Path, Path, CompareSettings)}. */
    public static Comparison of(CompareInput base, CompareInput head, CompareSettings settings) {
        List<String> warnings = new ArrayList<>();
        if (base instanceof CompareInput.Reports b && head instanceof CompareInput.Reports h) {
            checkParameters(b.reports(), h.reports(), settings.allowMismatch(), warnings);
        } else if (base instanceof CompareInput.Jmh b && head instanceof CompareInput.Jmh h) {
            checkJmh(b, h, warnings);
        } else {
            throw new IncomparableReportsException("cannot compare " + kind(base) + " (" + base.label() + ") with "
                    + kind(head) + " (" + head.label() + ")");
        }
        return of(base.distribution(), head.distribution(), settings, warnings);
    }

    /** Compares two distributions; metrics present on one side only are skipped with a warning. */
    public static Comparison of(Distribution base, Distribution head, CompareSettings settings, List<String> warnings) {
        List<String> w = new ArrayList<>(warnings);
        w.addAll(base.notes());
        w.addAll(head.notes());
        Set<String> names = new LinkedHashSet<>();
        base.samples().keySet().forEach(m -> names.add(m.name()));
        head.samples().keySet().forEach(m -> names.add(m.name()));
        for (String t : settings.thresholds().keySet()) {
            boolean jmh = !base.samples().keySet().stream().allMatch(Metric::isLoad);
            if (!names.contains(t) && !(jmh && CompareSettings.JMH_SCORE.equals(t))) {
                throw new IllegalArgumentException("--threshold " + t + ": no such metric (known: "
                        + String.join(", ", names) + (jmh ? ", score" : "") + ")");
            }
        }
        // Closed model: latency and throughput are two views of one steady state (Little's law). When the
        // throughput of a side's repetitions varies beyond the guard, no latency comparison of it holds either.
        String unsteady = null;
        double[] bt = base.samples().get(Metric.THROUGHPUT);
        double[] ht = head.samples().get(Metric.THROUGHPUT);
        if (settings.maxNoise() > 0 && bt != null && ht != null
                && Statistics.canReach(bt.length, ht.length, settings.alpha())) {
            double limit = settings.maxNoise() * settings.threshold(Metric.THROUGHPUT);
            double nb = Statistics.noise(bt);
            double nh = Statistics.noise(ht);
            if (!(Math.max(nb, nh) <= limit)) {
                unsteady = String.format(Locale.ROOT, "too noisy: throughput varies by %.0f%% between repetitions (%s),"
                        + " more than %s x its %s%% threshold: the machine was not steady", Math.max(nb, nh),
                        nb >= nh ? "base" : "head", num(settings.maxNoise()), num(settings.threshold(Metric.THROUGHPUT)));
                w.add(unsteady);
            }
        }
        List<MetricComparison> out = new ArrayList<>();
        for (var e : base.samples().entrySet()) {
            Metric m = e.getKey();
            double[] h = head.samples().get(m);
            if (h == null) {
                Metric other = head.samples().keySet().stream().filter(x -> x.name().equals(m.name())).findFirst().orElse(null);
                if (other != null) {
                    throw new IncomparableReportsException(m.name() + ": base is " + m.unit() + " but head is "
                            + other.unit() + "; JMH mode or unit changed");
                }
                w.add(m.name() + ": only in base " + base.label());
                continue;
            }
            MetricComparison mc = compare(m, e.getValue(), h, settings);
            if (unsteady != null && m.isLoad() && !m.absolute() && mc.verdict() != Verdict.INCONCLUSIVE) {
                mc = new MetricComparison(mc.metric(), mc.baseN(), mc.headN(), mc.baseMedian(), mc.headMedian(), mc.change(),
                        mc.ciLow(), mc.ciHigh(), mc.pValue(), mc.threshold(), Verdict.INCONCLUSIVE,
                        "throughput too noisy to judge (see warning); " + mc.reason());
            }
            out.add(mc);
        }
        for (Metric m : head.samples().keySet()) {
            if (base.samples().keySet().stream().noneMatch(x -> x.name().equals(m.name()))) {
                w.add(m.name() + ": only in head " + head.label());
            }
        }
        if (out.isEmpty()) {
            throw new IncomparableReportsException("no metric in common between " + base.label() + " and " + head.label());
        }
        return new Comparison(base, head, settings, out, w);
    }

    /** @return whether any metric regressed: the gate fails (exit 1) */
    public boolean hasRegression() {
        return metrics.stream().anyMatch(m -> m.verdict() == Verdict.REGRESSION);
    }

    /** @return the metrics that regressed */
    public List<MetricComparison> regressions() {
        return metrics.stream().filter(m -> m.verdict() == Verdict.REGRESSION).toList();
    }

    static MetricComparison compare(Metric m, double[] base, double[] head, CompareSettings s) {
        double threshold = s.threshold(m);
        double baseMedian = Statistics.median(base);
        double headMedian = Statistics.median(head);
        double change = Statistics.change(baseMedian, headMedian, m.absolute());
        double p = Statistics.mannWhitneyP(base, head);
        double[] ci = Statistics.bootstrapInterval(base, head, m.absolute(), s.confidence(), s.resamples(), s.seed(), m.name());
        boolean enough = Statistics.canReach(base.length, head.length, s.alpha());
        boolean significant;
        String evidence;
        if (s.method() == CompareSettings.Method.BOOTSTRAP) {
            double[] gate = Statistics.bootstrapInterval(base, head, m.absolute(), 1 - s.alpha(), s.resamples(),
                    s.seed(), m.name());
            significant = gate[0] > 0 || gate[1] < 0;
            evidence = String.format(Locale.ROOT, "%.0f%% interval %s", 100 * (1 - s.alpha()),
                    significant ? "excludes 0" : "includes 0");
        } else {
            significant = p < s.alpha();
            evidence = "p = " + p(p);
        }
        // worse > 0: the change goes the bad way for this metric
        double worse = m.direction() == Direction.HIGHER_IS_BETTER ? -change : change;
        String limit = (m.direction() == Direction.HIGHER_IS_BETTER ? "-" : "+") + num(threshold)
                + (m.absolute() ? ("%".equals(m.unit()) ? "pp" : " " + m.unit()) : "%");
        double noise = m.absolute() ? 0 : Math.max(Statistics.noise(base), Statistics.noise(head));
        Verdict v;
        String reason;
        if (Double.isNaN(change)) {
            v = Verdict.INCONCLUSIVE;
            reason = "base median is 0: no relative change";
        } else if (s.maxNoise() > 0 && enough && !(noise <= s.maxNoise() * threshold)) {
            v = Verdict.INCONCLUSIVE;
            reason = String.format(Locale.ROOT, "too noisy: %s varies by %.0f%% between repetitions, more than %s x the"
                    + " threshold of %s%%; a busy machine?", Statistics.noise(base) >= Statistics.noise(head) ? "base" : "head",
                    noise, num(s.maxNoise()), num(threshold));
        } else if (!enough) {
            v = Verdict.INCONCLUSIVE;
            reason = base.length + " vs " + head.length + " samples: too few to reach p < " + num(s.alpha())
                    + "; run more repetitions";
        } else if (significant && worse > threshold) {
            v = Verdict.REGRESSION;
            reason = evidence + ", beyond " + limit;
        } else if (significant && -worse > threshold) {
            v = Verdict.IMPROVEMENT;
            reason = evidence + ", beyond " + limit.replace('+', '±').replace('-', '±');
        } else if (Math.abs(worse) > threshold) {
            v = Verdict.INCONCLUSIVE;
            reason = evidence + ": beyond " + limit.replace('+', '±').replace('-', '±') + " but not significant";
        } else {
            v = Verdict.UNCHANGED;
            reason = significant ? evidence + " but within " + limit.replace('+', '±').replace('-', '±') : evidence;
        }
        return new MetricComparison(m, base.length, head.length, baseMedian, headMedian, change, ci[0], ci[1], p,
                threshold, v, reason);
    }

    private static void checkParameters(List<RunReport> base, List<RunReport> head, boolean allow, List<String> warnings) {
        RunReport b0 = base.get(0);
        RunReport h0 = head.get(0);
        List<String> hard = new ArrayList<>();
        for (RunReport r : base.subList(1, base.size())) {
            ParameterCheck.hard(b0, r).forEach(d -> hard.add("within base: " + d));
        }
        for (RunReport r : head.subList(1, head.size())) {
            ParameterCheck.hard(h0, r).forEach(d -> hard.add("within head: " + d));
        }
        hard.addAll(ParameterCheck.hard(b0, h0));
        if (!hard.isEmpty()) {
            String list = String.join("; ", hard);
            if (!allow) {
                throw new IncomparableReportsException("incomparable reports: " + list
                        + " (run both with the same parameters, or pass --allow-mismatch)");
            }
            warnings.add("COMPARING REPORTS MADE WITH DIFFERENT PARAMETERS: " + list);
        }
        List<String> soft = ParameterCheck.soft(b0, h0);
        if (!soft.isEmpty()) {
            warnings.add("base and head differ in " + String.join(", ", soft));
        }
    }

    private static void checkJmh(CompareInput.Jmh base, CompareInput.Jmh head, List<String> warnings) {
        Map<String, String> units = new java.util.HashMap<>();
        base.benchmarks().forEach(b -> units.put(b.key(), b.mode() + " " + b.unit()));
        for (JmhBenchmark b : head.benchmarks()) {
            String was = units.get(b.key());
            if (was != null && !was.equals(b.mode() + " " + b.unit())) {
                throw new IncomparableReportsException("incomparable JMH results: " + b.key() + " is " + was
                        + " in base but " + b.mode() + " " + b.unit() + " in head");
            }
        }
    }

    private static String kind(CompareInput in) {
        return in instanceof CompareInput.Jmh ? "JMH results" : "perfharness reports";
    }

    static String p(double p) {
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
