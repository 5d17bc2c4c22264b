package io.perfharness.reports.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.StageResult;
import io.perfharness.reports.TimelineSample;

/**
 * The part of a run's page that shows what the load asked for against what it got: per second the target (the
 * open model's intended rate, or the closed model's connections) beside the achieved throughput and p99, with the
 * stages' ends marked; and, for a staged load, a table of the stages.
 */
final class StageTimeline {

    private StageTimeline() {
    }

    /** @return true when the report's timeline records a target (reports written before targets existed do not) */
    static boolean applies(RunReport r) {
        return r.runs().stream().flatMap(rep -> rep.timeline().stream()).anyMatch(s -> s.target() != null);
    }

    /** @return the chart of target against achieved per second, repetitions back to back, stage ends marked */
    static HtmlReport.Chart chart(RunReport r) {
        TreeMap<Double, TimelineSample> t = HtmlReport.timeline(r.runs());
        List<Double> x = new ArrayList<>(t.keySet());
        boolean open = r.load().openModel();
        List<HtmlReport.Series> series = new ArrayList<>();
        series.add(new HtmlReport.Series("achieved", "req/s", "rps", 0, false, column(x, t, s -> s.requestsPerSecond())));
        if (open) {
            series.add(new HtmlReport.Series("target", "req/s", "rps", 2, true, column(x, t, TimelineSample::target)));
        } else {
            series.add(new HtmlReport.Series("target connections", "connections", "conn", 2, true,
                    column(x, t, TimelineSample::target)));
            series.add(new HtmlReport.Series("active connections", "connections", "conn", 3, false,
                    column(x, t, s -> s.activeConnections() == null ? null : s.activeConnections().doubleValue())));
        }
        series.add(new HtmlReport.Series("p99", "ms", "ms", 1, false, column(x, t, s -> s.p99Us() / 1000.0)));
        String title = open ? "Target and achieved rate per second" : "Connections and throughput per second";
        return new HtmlReport.Chart("stages", "timeline", title, "seconds (repetitions back to back)", false, x, series)
                .withMarkers(boundaries(r));
    }

    /** A line where each stage ends, in every repetition (the timeline puts repetitions back to back). */
    private static List<HtmlReport.Marker> boundaries(RunReport r) {
        List<LoadParameters.Stage> stages = r.load().stages();
        List<HtmlReport.Marker> out = new ArrayList<>();
        if (stages == null) {
            return out;
        }
        double offset = 0;
        for (Repetition rep : r.runs()) {
            double end = 0;
            for (int i = 0; i < stages.size() - 1; i++) {
                end += stages.get(i).durationSeconds();
                if (stages.get(i).durationSeconds() > 0) {
                    out.add(new HtmlReport.Marker(offset + end, "stage " + (i + 2), "stage"));
                }
            }
            double last = rep.timeline().stream().mapToDouble(s -> s.startSeconds() + s.durationSeconds()).max().orElse(0);
            offset += Math.max(rep.durationSeconds(), last);
        }
        return out;
    }

    /** @return the table of the stages over every repetition: what each asked for, what it got; empty without stages */
    static String table(RunReport r) {
        List<LoadParameters.Stage> stages = r.load().stages();
        List<StageResult> results = StageResult.overRepetitions(r.runs());
        if (stages == null || results.isEmpty()) {
            return "";
        }
        boolean open = r.load().openModel();
        StringBuilder sb = new StringBuilder("<table id=\"stages-table\"><tr><th>stage</th><th class=\"text\">target</th>"
                + "<th>seconds</th><th>target mean</th><th>req/s</th><th>sent</th><th>p50 ms</th><th>p99 ms</th>"
                + "<th>errors</th><th>dropped</th></tr>\n");
        for (StageResult s : results) {
            LoadParameters.Stage given = stages.get(s.stage());
            double from = s.stage() == 0 ? 0 : stages.get(s.stage() - 1).value();
            String target = (from == given.value() ? num(from) : num(from) + " → " + num(given.value()))
                    + (open ? " req/s" : " connections");
            sb.append("<tr>").append(td(String.valueOf(s.stage() + 1)))
                    .append("<td class=\"text\">").append(HtmlReport.escape(target)).append("</td>")
                    .append(td(String.format(Locale.ROOT, "%.2f", s.durationSeconds())))
                    .append(td(String.format(Locale.ROOT, "%,.1f", s.target())))
                    .append(td(String.format(Locale.ROOT, "%,.1f", s.requestsPerSecond())))
                    .append(td(String.format(Locale.ROOT, "%,d", s.sent())))
                    .append(td(ms(s.latency().p50Us()))).append(td(ms(s.latency().p99Us())))
                    .append(td(String.valueOf(s.errors()))).append(td(open ? String.valueOf(s.dropped()) : "-"))
                    .append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    private static List<Double> column(List<Double> x, TreeMap<Double, TimelineSample> t,
                                       java.util.function.Function<TimelineSample, Double> f) {
        List<Double> out = new ArrayList<>();
        for (Double k : x) {
            TimelineSample s = t.get(k);
            out.add(s == null ? null : f.apply(s));
        }
        return out;
    }

    private static String td(String s) {
        return "<td>" + HtmlReport.escape(s) + "</td>";
    }

    private static String ms(double us) {
        double ms = us / 1000.0;
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f" : ms >= 10 ? "%.1f" : "%.2f", ms);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
