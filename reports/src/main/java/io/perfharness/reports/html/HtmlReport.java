package io.perfharness.reports.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.TimelineSample;
import io.perfharness.reports.compare.CompareInput;
import io.perfharness.reports.compare.Comparison;
import io.perfharness.reports.compare.Metric;
import io.perfharness.reports.compare.MetricComparison;
import io.perfharness.reports.history.ChangePoint;
import io.perfharness.reports.history.Trend;
import io.perfharness.reports.history.TrendChangePoints;

/**
 * One self-contained HTML file per run or comparison that opens offline: uPlot (from its WebJar) and
 * the data are inlined; no request leaves the page. Every string from a report, a scenario or a file
 * name is escaped: HTML text through {@link #escape}, chart data as JSON inside a
 * {@code <script type="application/json">} block with {@code < > &} and line separators escaped.
 *
 * <pre>{@code
 * HtmlReport.write(report, Path.of("perf-results/run.html"));            // run / load
 * HtmlReport.write(comparison, baseInput, headInput, Path.of("compare.html"));
 * }</pre>
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /** Writes the page of one run (atomically). */
    public static void write(RunReport report, Path file) {
        ReportFiles.writeText(file, render(report));
    }

    /** Writes the page of a comparison (atomically); {@code base} and {@code head} are what it compared. */
    public static void write(Comparison comparison, CompareInput base, CompareInput head, Path file) {
        ReportFiles.writeText(file, render(comparison, base, head));
    }

    /** @return the page of one run: summary, repetitions, the latency percentile plot and the per-second timeline */
    public static String render(RunReport r) {
        Page page = new Page("perfharness " + title(r));
        page.h1("perfharness: " + title(r));
        page.meta(r);
        page.h2("Summary");
        page.summaryTable(List.of(r), List.of(""));
        if (!r.endpointTotals().isEmpty()) {
            page.h2("Endpoints");
            page.raw(EndpointsTable.of(r));
        }
        page.h2("Repetitions");
        page.repetitionsTable(r);
        page.h2("Latency by percentile");
        Map<String, TreeMap<Double, Double>> pct = new LinkedHashMap<>();
        pct.put("latency", percentiles(r.histogram().decode()));
        page.chart(percentileChart("percentiles", "Latency by percentile (all repetitions)", pct));
        page.note("x: percentile on a log scale (1 − 1/x); y: latency in ms, log scale. From the whole HdrHistogram.");
        page.h2("Per second");
        TreeMap<Double, TimelineSample> t = timeline(r.runs());
        if (t.isEmpty()) {
            page.note("This report has no per-second samples (schema 1 or no timeline).");
        } else {
            List<Double> x = new ArrayList<>(t.keySet());
            page.chart(new Chart("timeline", "timeline", "Throughput and p99 per second", "seconds (repetitions back to back)", false, x,
                    List.of(new Series("throughput", "req/s", "rps", 0, false, column(x, t, s -> s.requestsPerSecond())),
                            new Series("p99", "ms", "ms", 1, false, column(x, t, s -> s.p99Us() / 1000.0)))));
        }
        if (StageTimeline.applies(r)) {
            page.h2(r.load().stages() != null ? "Stages" : "Target and achieved");
            page.chart(StageTimeline.chart(r));
            page.note(r.load().openModel()
                    ? "Dashed: the rate the schedule asked for (mean over each interval); vertical lines: where a stage begins."
                    : "Dashed: the connections the stages asked for; solid: those active at each interval's end; vertical"
                    + " lines: where a stage begins.");
            page.raw(StageTimeline.table(r));
        }
        return page.finish();
    }

    /** @return the page of a comparison: verdicts, warnings, and base and head overlaid */
    public static String render(Comparison c, CompareInput base, CompareInput head) {
        Page page = new Page("perfharness compare");
        page.h1("perfharness compare: " + (c.hasRegression() ? "regression" : "no regression"));
        page.raw("<p class=\"meta\">base: " + escape(c.base().label()) + " (" + c.base().size() + " samples)<br>head: "
                + escape(c.head().label()) + " (" + c.head().size() + " samples)</p>\n");
        for (String w : c.warnings()) {
            page.raw("<div class=\"warning\">" + escape(w) + "</div>\n");
        }
        page.verdictTable(c);
        if (base instanceof CompareInput.Reports b && head instanceof CompareInput.Reports h) {
            page.h2("Summary");
            List<RunReport> both = List.of(all(b.reports()), all(h.reports()));
            page.summaryTable(both, List.of("base", "head"));
            page.h2("Latency by percentile");
            Map<String, TreeMap<Double, Double>> pct = new LinkedHashMap<>();
            pct.put("base", percentiles(both.get(0).histogram().decode()));
            pct.put("head", percentiles(both.get(1).histogram().decode()));
            page.chart(percentileChart("percentiles", "Latency by percentile: base and head", pct));
            page.note("Each side's repetitions added into one histogram. x: percentile on a log scale; y: latency in ms, log scale.");
            TreeMap<Double, TimelineSample> tb = timeline(runs(b.reports()));
            TreeMap<Double, TimelineSample> th = timeline(runs(h.reports()));
            if (!tb.isEmpty() || !th.isEmpty()) {
                page.h2("Per second");
                List<Double> x = new ArrayList<>(new TreeSet<>(concat(tb.keySet(), th.keySet())));
                page.chart(new Chart("throughput", "timeline", "Throughput per second", "seconds (repetitions back to back)", false, x,
                        List.of(new Series("base", "req/s", "rps", 0, false, column(x, tb, s -> s.requestsPerSecond())),
                                new Series("head", "req/s", "rps", 1, false, column(x, th, s -> s.requestsPerSecond())))));
                page.chart(new Chart("p99", "timeline", "p99 latency per second", "seconds (repetitions back to back)", false, x,
                        List.of(new Series("base", "ms", "ms", 0, false, column(x, tb, s -> s.p99Us() / 1000.0)),
                                new Series("head", "ms", "ms", 1, false, column(x, th, s -> s.p99Us() / 1000.0)))));
            }
        }
        page.h2("Samples");
        page.note("One point per sample (a repetition, or a JMH fork): the distributions the verdicts are computed from.");
        int i = 0;
        for (MetricComparison m : c.metrics()) {
            double[] bs = c.base().samples().get(m.metric());
            double[] hs = c.head().samples().get(m.metric());
            int n = Math.max(bs.length, hs.length);
            List<Double> x = new ArrayList<>();
            for (int k = 1; k <= n; k++) {
                x.add((double) k);
            }
            page.chart(new Chart("samples-" + i++, "timeline", m.metric().name() + " (" + m.metric().unit() + ")", "sample", true, x,
                    List.of(new Series("base", m.metric().unit(), "v", 0, false, pad(bs, n)),
                            new Series("head", m.metric().unit(), "v", 1, false, pad(hs, n)))));
        }
        return page.finish();
    }

    /** Writes the page of a trend (atomically). */
    public static void write(Trend trend, Path file) {
        ReportFiles.writeText(file, render(trend));
    }

    /** Writes the page of a trend with its change points (atomically). */
    public static void write(Trend trend, TrendChangePoints changePoints, Path file) {
        ReportFiles.writeText(file, render(trend, changePoints));
    }

    /** @return the page of a trend: throughput and p99 per commit, and a table of the commits */
    public static String render(Trend t) {
        return render(t, null);
    }

    /**
     * @param changePoints the trend's change points, drawn as markers on the charts and listed in a
     *                     table; null to leave them out
     * @return the page of a trend: throughput and p99 per commit, the change points, and a table of the commits
     */
    public static String render(Trend t, TrendChangePoints changePoints) {
        Page page = new Page("perfharness trend");
        page.h1("perfharness trend" + (t.step() == null ? "" : ": " + t.step()));
        page.note("Median over every repetition stored for each commit, oldest commit first; dashed: the smallest and largest repetition."
                + (changePoints == null ? "" : " Vertical lines: change points, just before the first commit of the new level."));
        List<Double> x = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < t.commits().size(); i++) {
            x.add((double) i);
            labels.add(t.commits().get(i).shortCommit());
        }
        java.util.function.Function<java.util.function.ToDoubleFunction<Trend.Entry>, List<Double>> col = f -> {
            List<Double> out = new ArrayList<>();
            t.commits().forEach(e -> out.add(Double.isFinite(f.applyAsDouble(e)) ? f.applyAsDouble(e) : null));
            return out;
        };
        Chart throughput = new Chart("trend-throughput", "commits", "Throughput per commit", "commit", false, x,
                List.of(new Series("median", "req/s", "rps", 0, false, col.apply(e -> e.throughput().median())),
                        new Series("min", "req/s", "rps", 0, true, col.apply(e -> e.throughput().min())),
                        new Series("max", "req/s", "rps", 0, true, col.apply(e -> e.throughput().max()))));
        Chart p99 = new Chart("trend-p99", "commits", "p99 latency per commit", "commit", false, x,
                List.of(new Series("median", "ms", "ms", 1, false, col.apply(e -> e.p99Ms().median())),
                        new Series("min", "ms", "ms", 1, true, col.apply(e -> e.p99Ms().min())),
                        new Series("max", "ms", "ms", 1, true, col.apply(e -> e.p99Ms().max()))));
        if (changePoints != null) {
            throughput = throughput.withMarkers(markers(changePoints.of(TrendChangePoints.Metric.THROUGHPUT)));
            p99 = p99.withMarkers(markers(changePoints.of(TrendChangePoints.Metric.P99)));
        }
        page.chart(throughput, labels);
        page.chart(p99, labels);
        if (changePoints != null) {
            page.h2("Change points");
            page.changePointsTable(changePoints);
        }
        page.h2("Commits");
        page.raw("<table><tr><th>commit</th><th>measured</th><th>reports</th><th>repetitions</th><th>req/s</th>"
                + "<th>p99 ms</th><th class=\"reason\">subject</th></tr>\n");
        for (Trend.Entry e : t.commits()) {
            page.raw("<tr><td>" + escape(e.shortCommit()) + "</td><td>" + escape(e.time()) + "</td><td>" + e.reports()
                    + "</td><td>" + e.repetitions() + "</td><td>" + escape(value(e.throughput().median())) + "</td><td>"
                    + escape(value(e.p99Ms().median())) + "</td><td class=\"reason\">" + escape(e.subject()) + "</td></tr>\n");
        }
        page.raw("</table>\n");
        return page.finish();
    }

    /** A line between the commit before a shift and the first commit after it, labelled with the change. */
    private static List<Marker> markers(List<TrendChangePoints.Shift> shifts) {
        return shifts.stream().map(s -> new Marker(s.position() - 0.5, signed(s.point().changePercent()) + "%",
                s.direction())).toList();
    }

    // ---- data

    /** Percentile plot points of a histogram in µs: x = 1 / (1 − p), y = latency in ms. */
    static TreeMap<Double, Double> percentiles(Histogram h) {
        TreeMap<Double, Double> out = new TreeMap<>();
        if (h.getTotalCount() == 0) {
            return out;
        }
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo();
            if (p >= 100) {
                break;
            }
            out.put(100 / (100 - p), v.getValueIteratedTo() / 1000.0);
        }
        // the maximum, placed at the percentile of one sample in the whole count
        out.put(Math.max(out.isEmpty() ? 2 : out.lastKey() * 1.5, h.getTotalCount()), h.getMaxValue() / 1000.0);
        return out;
    }

    private static Chart percentileChart(String id, String title, Map<String, TreeMap<Double, Double>> sides) {
        TreeSet<Double> xs = new TreeSet<>();
        sides.values().forEach(m -> xs.addAll(m.keySet()));
        List<Double> x = new ArrayList<>(xs);
        List<Series> series = new ArrayList<>();
        int color = 0;
        for (var e : sides.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (Double k : x) {
                Double v = e.getValue().get(k);
                values.add(v == null || v <= 0 ? null : v);
            }
            series.add(new Series(e.getKey(), "ms", "ms", color++, false, values));
        }
        return new Chart(id, "percentiles", title, "percentile", false, x, series);
    }

    /** Samples of repetitions back to back: x = seconds since the first repetition's window began, at each interval's end. */
    static TreeMap<Double, TimelineSample> timeline(List<Repetition> reps) {
        TreeMap<Double, TimelineSample> out = new TreeMap<>();
        double offset = 0;
        for (Repetition r : reps) {
            double last = 0;
            for (TimelineSample s : r.timeline()) {
                double end = s.startSeconds() + s.durationSeconds();
                out.put(Math.round((offset + end) * 1000) / 1000.0, s);
                last = Math.max(last, end);
            }
            offset += Math.max(r.durationSeconds(), last);
        }
        return out;
    }

    private static List<Double> column(List<Double> x, TreeMap<Double, TimelineSample> t,
                                       java.util.function.ToDoubleFunction<TimelineSample> f) {
        List<Double> out = new ArrayList<>();
        for (Double k : x) {
            TimelineSample s = t.get(k);
            out.add(s == null ? null : f.applyAsDouble(s));
        }
        return out;
    }

    private static List<Double> pad(double[] v, int n) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i < v.length && Double.isFinite(v[i]) ? v[i] : null);
        }
        return out;
    }

    private static List<Repetition> runs(List<RunReport> reports) {
        List<Repetition> out = new ArrayList<>();
        reports.forEach(r -> out.addAll(r.runs()));
        return out;
    }

    /** One report of all repetitions of a side, for its summary and histogram. */
    private static RunReport all(List<RunReport> reports) {
        if (reports.size() == 1) {
            return reports.get(0);
        }
        RunReport f = reports.get(0);
        return RunReport.ofRepetitions(f.meta(), f.scenario(), f.step(), f.load(), runs(reports));
    }

    private static <T> List<T> concat(java.util.Collection<T> a, java.util.Collection<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String title(RunReport r) {
        return (r.scenario() == null ? "" : r.scenario() + " / ") + (r.step() == null ? "load" : r.step());
    }

    // ---- page

    record Series(String label, String unit, String scale, int color, boolean dash, List<Double> values) {
    }

    /** A vertical line on a chart at {@code x}, with a short label; {@code kind} is {@code regression} or {@code improvement}. */
    record Marker(double x, String label, String kind) {
    }

    record Chart(String id, String kind, String title, String xLabel, boolean points, List<Double> x, List<Series> series,
                 List<String> labels, List<Marker> markers) {
        Chart(String id, String kind, String title, String xLabel, boolean points, List<Double> x, List<Series> series) {
            this(id, kind, title, xLabel, points, x, series, List.of(), List.of());
        }

        Chart withLabels(List<String> l) {
            return new Chart(id, kind, title, xLabel, points, x, series, l, markers);
        }

        Chart withMarkers(List<Marker> m) {
            return new Chart(id, kind, title, xLabel, points, x, series, labels, m);
        }
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** JSON that is safe inside a script element: no {@code </script>}, no HTML-significant characters, no line separators. */
    static String scriptJson(Object value) {
        String json;
        try {
            json = ReportFiles.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    private static final class Page {
        private final StringBuilder body = new StringBuilder();
        private final List<Chart> charts = new ArrayList<>();
        private final String title;

        Page(String title) {
            this.title = title;
        }

        void h1(String text) {
            body.append("<h1>").append(escape(text)).append("</h1>\n");
        }

        void h2(String text) {
            body.append("<h2>").append(escape(text)).append("</h2>\n");
        }

        void note(String text) {
            body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        }

        void raw(String html) {
            body.append(html);
        }

        void chart(Chart c, List<String> labels) {
            chart(c.withLabels(labels));
        }

        void chart(Chart c) {
            charts.add(c);
            body.append("<div class=\"chart\" id=\"").append(escape(c.id())).append("\"></div>\n");
        }

        void meta(RunReport r) {
            var m = r.meta();
            String git = m.git() == null ? "no git" : m.git().shortCommit() + " on " + m.git().branch() + (m.git().dirty() ? " (dirty)" : "");
            var l = r.load();
            String load = String.format(Locale.ROOT, "%s %s, %d connections, %d threads, %s s warm-up + %s s%s",
                    l.method(), String.join(" ", l.urls()), l.connections(), l.threads(), plain(l.warmupSeconds()),
                    plain(l.durationSeconds()), l.stages() != null ? ", " + (l.openModel() ? "open" : "closed") + " model in stages "
                            + l.stages().stream().map(LoadParameters.Stage::toString).collect(java.util.stream.Collectors.joining(" "))
                    : l.rate() == null ? ", closed model" : ", open model at " + plain(l.rate()) + " req/s");
            body.append("<p class=\"meta\">").append(escape(git)).append(" · ").append(escape(m.timestamp())).append(" · ")
                    .append(escape(m.host())).append(", ").append(m.cores()).append(" cores · ").append(escape(m.jvm()))
                    .append("<br>").append(escape(load)).append("</p>\n");
        }

        void summaryTable(List<RunReport> reports, List<String> labels) {
            body.append("<table><tr><th></th><th>repetitions</th><th>requests</th><th>req/s</th><th>errors</th>"
                    + "<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr>\n");
            for (int i = 0; i < reports.size(); i++) {
                RunReport r = reports.get(i);
                var l = r.latency();
                body.append("<tr><td class=\"text\">").append(escape(labels.get(i))).append("</td>")
                        .append(td(String.valueOf(r.runs().size()))).append(td(String.format(Locale.ROOT, "%,d", r.requests())))
                        .append(td(String.format(Locale.ROOT, "%,.1f", r.requestsPerSecond())))
                        .append(td(String.valueOf(r.errors().total()))).append(td(ms(l.p50Us()))).append(td(ms(l.p90Us())))
                        .append(td(ms(l.p99Us()))).append(td(ms(l.p999Us()))).append(td(ms(l.maxUs()))).append("</tr>\n");
            }
            body.append("</table>\n");
        }

        void repetitionsTable(RunReport r) {
            body.append("<table><tr><th>#</th><th>requests</th><th>seconds</th><th>req/s</th><th>errors</th>"
                    + "<th>p50 ms</th><th>p99 ms</th><th>max ms</th></tr>\n");
            int i = 1;
            for (Repetition rep : r.runs()) {
                body.append("<tr><td>").append(i++).append("</td>").append(td(String.format(Locale.ROOT, "%,d", rep.requests())))
                        .append(td(plain(rep.durationSeconds())))
                        .append(td(String.format(Locale.ROOT, "%,.1f", rep.requestsPerSecond())))
                        .append(td(String.valueOf(rep.errors().total()))).append(td(ms(rep.latency().p50Us())))
                        .append(td(ms(rep.latency().p99Us()))).append(td(ms(rep.latency().maxUs()))).append("</tr>\n");
            }
            body.append("</table>\n");
        }

        void verdictTable(Comparison c) {
            body.append("<table><tr><th>metric</th><th>base</th><th>head</th><th>change</th><th>")
                    .append(escape(Math.round(c.settings().confidence() * 100) + "% CI"))
                    .append("</th><th>p</th><th>n</th><th>verdict</th><th class=\"reason\">why</th></tr>\n");
            for (MetricComparison m : c.metrics()) {
                Metric metric = m.metric();
                String u = m.changeUnit();
                body.append("<tr><td>").append(escape(metric.name())).append("</td>")
                        .append(td(value(m.baseMedian()) + " " + metric.unit())).append(td(value(m.headMedian()) + " " + metric.unit()))
                        .append(td(signed(m.change()) + u))
                        .append(td("[" + signed(m.ciLow()) + ", " + signed(m.ciHigh()) + "]" + u))
                        .append(td(String.format(Locale.ROOT, "%.3f", m.pValue())))
                        .append(td(m.baseN() + "/" + m.headN()))
                        .append("<td class=\"text ").append(m.verdict().label()).append("\">").append(m.verdict().label()).append("</td>")
                        .append("<td class=\"reason\">").append(escape(m.reason())).append("</td></tr>\n");
            }
            body.append("</table>\n");
        }

        void changePointsTable(TrendChangePoints cps) {
            body.append("<p class=\"note\">").append(escape(cps.method()
                    + ". Before and after: means of the per-commit medians between neighbouring change points.")).append("</p>\n");
            if (cps.shifts().isEmpty()) {
                body.append("<p>").append(escape(cps.commits() < 2 * cps.settings().minSize()
                        ? "None looked for: " + cps.commits() + " commits, at least " + 2 * cps.settings().minSize() + " needed."
                        : "None: no shift is both significant and as large as the minimum change.")).append("</p>\n");
                return;
            }
            body.append("<table id=\"change-points\"><tr><th>commit</th><th>metric</th><th>before</th><th>after</th><th>change</th>"
                    + "<th>p</th><th>verdict</th><th class=\"reason\">subject</th></tr>\n");
            for (TrendChangePoints.Shift s : cps.shifts()) {
                ChangePoint p = s.point();
                String unit = " " + s.metric().unit();
                body.append("<tr><td>").append(escape(s.commit().shortCommit())).append("</td>")
                        .append("<td class=\"text\">").append(escape(s.metric().label())).append("</td>")
                        .append(td(value(p.before()) + unit)).append(td(value(p.after()) + unit))
                        .append(td(signed(p.changePercent()) + "%")).append(td(String.format(Locale.ROOT, "%.3f", p.pValue())))
                        .append("<td class=\"text ").append(s.direction()).append("\">").append(s.direction()).append("</td>")
                        .append("<td class=\"reason\">").append(escape(s.commit().subject())).append("</td></tr>\n");
            }
            body.append("</table>\n");
        }

        String finish() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("charts", charts);
            return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
                    + "style-src 'unsafe-inline'; img-src data:\">\n"
                    + "<title>" + escape(title) + "</title>\n<style>\n" + Assets.UPLOT_CSS + "\n" + Assets.CSS + "</style>\n</head>\n<body>\n"
                    + body
                    + "<p class=\"note\">Charts drawn with uPlot " + escape(Assets.UPLOT_VERSION) + " (MIT), inlined.</p>\n"
                    + "<script type=\"application/json\" id=\"perfharness-data\">" + scriptJson(data) + "</script>\n"
                    + "<script>\n" + Assets.UPLOT_JS + "\n</script>\n<script>\n" + Assets.JS + "\n</script>\n</body>\n</html>\n";
        }

        private static String td(String s) {
            return "<td>" + escape(s) + "</td>";
        }
    }

    private static String ms(long us) {
        return value(us / 1000.0);
    }

    private static String value(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        return a >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : a >= 100 ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 1 || a == 0 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.1f", v);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The inlined files: uPlot from its WebJar, and this page's own script and style. */
    static final class Assets {
        static final String UPLOT_VERSION = uplotVersion();
        static final String UPLOT_JS = safeScript(resource("/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/uPlot.iife.min.js"));
        static final String UPLOT_CSS = resource("/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/uPlot.min.css");
        static final String JS = safeScript(resource("report.js"));
        static final String CSS = resource("report.css");

        private static String uplotVersion() {
            try (InputStream in = HtmlReport.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
                if (in == null) {
                    throw new IllegalStateException("the uPlot WebJar is not on the class path");
                }
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String resource(String name) {
            try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + name);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A script inlined in a page must not close its element early. */
        private static String safeScript(String js) {
            return js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT");
        }
    }
}
