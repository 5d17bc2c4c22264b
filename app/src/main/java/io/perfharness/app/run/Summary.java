package io.perfharness.app.run;

import java.util.Locale;
import java.util.Map;

import io.perfharness.reports.ErrorCounts;
import io.perfharness.reports.LatencySummary;
import io.perfharness.reports.RunReport;

/** The human-readable summary of a load, like wrk's: throughput, errors by kind, latency percentiles in ms. */
public final class Summary {
    private Summary() {
    }

    /** @return a few lines, each ending in a newline */
    public static String of(RunReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %d requests in %.2fs, %.1f req/s, %d connections, %s%n",
                r.requests(), r.durationSeconds(), r.requestsPerSecond(), r.load().connections(),
                r.load().rate() == null ? "closed model" : String.format(Locale.ROOT, "open model at %.0f req/s", r.load().rate())));
        sb.append("  errors: ").append(errors(r.errors())).append('\n');
        LatencySummary l = r.latency();
        sb.append(String.format(Locale.ROOT,
                "  latency ms: min %s  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s, stdev %s)%n",
                ms(l.minUs()), ms(l.p50Us()), ms(l.p90Us()), ms(l.p99Us()), ms(l.p999Us()), ms(l.maxUs()),
                ms(l.meanUs()), ms(l.stddevUs())));
        return sb.toString();
    }

    static String errors(ErrorCounts e) {
        if (e.total() == 0) {
            return "none";
        }
        StringBuilder sb = new StringBuilder().append(e.total()).append(" (");
        String sep = "";
        if (e.connect() > 0) {
            sb.append("connect ").append(e.connect());
            sep = ", ";
        }
        if (e.timeout() > 0) {
            sb.append(sep).append("timeout ").append(e.timeout());
            sep = ", ";
        }
        if (e.io() > 0) {
            sb.append(sep).append("read/reset ").append(e.io());
            sep = ", ";
        }
        if (e.body() > 0) {
            sb.append(sep).append("bad body ").append(e.body());
            sep = ", ";
        }
        for (Map.Entry<Integer, Long> s : e.status().entrySet()) {
            sb.append(sep).append("status ").append(s.getKey()).append(' ').append(s.getValue());
            sep = ", ";
        }
        return sb.append(')').toString();
    }

    private static String ms(double micros) {
        double ms = micros / 1000.0;
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f" : ms >= 10 ? "%.1f" : "%.2f", ms);
    }
}
