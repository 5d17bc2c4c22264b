package io.perfharness.reports.html;

import java.util.List;
import java.util.Locale;

import io.perfharness.reports.EndpointReport;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.RunReport;

/** The HTML table of a report's named endpoints: weight, share of the requests, throughput, errors, latencies. */
final class EndpointsTable {
    private EndpointsTable() {
    }

    /** @return the table, or an empty string when the report has no named endpoints */
    static String of(RunReport r) {
        List<EndpointReport> endpoints = r.endpointTotals();
        if (endpoints.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<table id=\"endpoints\"><tr><th>endpoint</th><th>request</th><th>weight</th>"
                + "<th>share</th><th>requests</th><th>req/s</th><th>errors</th><th>error rate</th><th>p50 ms</th><th>p90 ms</th>"
                + "<th>p99 ms</th><th>max ms</th></tr>\n");
        for (EndpointReport e : endpoints) {
            LoadParameters.Endpoint p = r.load().endpoints() == null ? null : r.load().endpoints().stream()
                    .filter(x -> x.name().equals(e.name())).findFirst().orElse(null);
            sb.append("<tr><td class=\"text\">").append(HtmlReport.escape(e.name())).append("</td>")
                    .append("<td class=\"text\">").append(p == null ? "" : HtmlReport.escape(p.method() + " " + p.url())).append("</td>")
                    .append(td(p == null ? "" : String.valueOf(p.weight())))
                    .append(td(String.format(Locale.ROOT, "%.2f%%", r.requests() == 0 ? 0 : 100.0 * e.requests() / r.requests())))
                    .append(td(String.format(Locale.ROOT, "%,d", e.requests())))
                    .append(td(String.format(Locale.ROOT, "%,.1f", e.requestsPerSecond())))
                    .append(td(String.valueOf(e.errors().total())))
                    .append(td(String.format(Locale.ROOT, "%.3g%%", e.errorRate() * 100)))
                    .append(td(ms(e.latency().p50Us()))).append(td(ms(e.latency().p90Us())))
                    .append(td(ms(e.latency().p99Us()))).append(td(ms(e.latency().maxUs()))).append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    private static String td(String s) {
        return "<td>" + HtmlReport.escape(s) + "</td>";
    }

    private static String ms(long us) {
        double v = us / 1000.0;
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }
}
