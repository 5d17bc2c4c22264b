package io.perfharness.reports.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The commits of a {@link Trend} where throughput or p99 shifted: {@link ChangePoints} over each
 * metric's per-commit medians, oldest commit first. Commits measured with changes not committed
 * ({@code <hash>-dirty}) are drawn in the trend but left out of the series: they are not part of
 * the history that moved.
 *
 * @param settings how the change points were looked for
 * @param commits  how many commits the series had (the trend's commits less the dirty ones)
 * @param shifts   the change points of both metrics, by commit (oldest first), throughput first
 */
public record TrendChangePoints(ChangePoints.Settings settings, int commits, List<Shift> shifts) {

    public TrendChangePoints {
        shifts = List.copyOf(shifts);
    }

    /** A metric of the trend, and which way is worse. */
    public enum Metric {
        THROUGHPUT("throughput", "req/s", false, e -> e.throughput().median()),
        P99("p99", "ms", true, e -> e.p99Ms().median());

        private final String label;
        private final String unit;
        private final boolean higherIsWorse;
        private final ToDoubleFunction<Trend.Entry> value;

        Metric(String label, String unit, boolean higherIsWorse, ToDoubleFunction<Trend.Entry> value) {
            this.label = label;
            this.unit = unit;
            this.higherIsWorse = higherIsWorse;
            this.value = value;
        }

        /** @return its name in output: {@code throughput}, {@code p99} */
        public String label() {
            return label;
        }

        /** @return its unit: {@code req/s}, {@code ms} */
        public String unit() {
            return unit;
        }
    }

    /**
     * One change point, at a commit.
     *
     * @param metric   what shifted
     * @param position index of the commit in {@link Trend#commits()}: the first commit of the new level
     * @param commit   that commit
     * @param point    means before and after (req/s or ms), change and p-value
     */
    public record Shift(Metric metric, int position, Trend.Entry commit, ChangePoint point) {

        /** @return {@code regression} when the metric got worse, else {@code improvement} */
        public String direction() {
            boolean up = point.after() > point.before();
            return up == metric.higherIsWorse ? "regression" : "improvement";
        }
    }

    /** @return the change points of throughput and p99 in {@code trend} */
    public static TrendChangePoints of(Trend trend, ChangePoints.Settings settings) {
        List<Shift> shifts = new ArrayList<>();
        int commits = 0;
        for (Metric metric : Metric.values()) {
            List<Integer> positions = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < trend.commits().size(); i++) {
                Trend.Entry e = trend.commits().get(i);
                double v = metric.value.applyAsDouble(e);
                if (!e.commit().endsWith("-dirty") && Double.isFinite(v)) {
                    positions.add(i);
                    values.add(v);
                }
            }
            commits = Math.max(commits, values.size());
            for (ChangePoint cp : ChangePoints.detect(values.stream().mapToDouble(Double::doubleValue).toArray(), settings)) {
                int position = positions.get(cp.index());
                shifts.add(new Shift(metric, position, trend.commits().get(position), cp));
            }
        }
        shifts.sort(Comparator.comparingInt(Shift::position));
        return new TrendChangePoints(settings, commits, shifts);
    }

    /** @return the shifts of one metric */
    public List<Shift> of(Metric metric) {
        return shifts.stream().filter(s -> s.metric() == metric).toList();
    }

    /** @return what was looked for, in a line: method, p-value, minimum change, commits */
    public String method() {
        return String.format(Locale.ROOT, "E-divisive means, permutation test p <= %s (%d permutations), change >= %s%%, over %d commits",
                plain(settings.pValue()), settings.permutations(), plain(settings.minChange() * 100), commits);
    }

    /** @return a heading line and a table of the change points, or a line saying there are none and why */
    public String text() {
        StringBuilder sb = new StringBuilder();
        int needed = 2 * settings.minSize();
        if (commits < needed) {
            return sb.append(String.format(Locale.ROOT, "change points: none looked for: %d commits, at least %d needed%n",
                    commits, needed)).toString();
        }
        if (shifts.isEmpty()) {
            return sb.append("change points: none (").append(method()).append(")").append(System.lineSeparator()).toString();
        }
        sb.append("change points (").append(method()).append("):").append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%-18s %-10s %14s %14s %9s %7s  %-11s  %s%n",
                "commit", "metric", "before", "after", "change", "p", "verdict", "subject"));
        for (Shift s : shifts) {
            ChangePoint p = s.point();
            sb.append(String.format(Locale.ROOT, "%-18s %-10s %14s %14s %+8.1f%% %7.3f  %-11s  %s%n", s.commit().shortCommit(),
                    s.metric().label(), number(p.before()) + " " + s.metric().unit(), number(p.after()) + " " + s.metric().unit(),
                    p.changePercent(), p.pValue(), s.direction(), s.commit().subject()));
        }
        return sb.toString();
    }

    private static String number(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
