package io.perfharness.app.run;

import java.util.Locale;
import java.util.Map;

import io.perfharness.reports.CpuCost;
import io.perfharness.reports.ErrorCounts;
import io.perfharness.reports.LatencySummary;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.TlsHandshakes;

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
        sb.append("  errors: ").append(errors(r.errors()));
        if (r.checkedBodies() > 0) {
            sb.append(String.format(Locale.ROOT, " (%,d sampled bodies checked)", r.checkedBodies()));
        }
        sb.append('\n');
        if (r.dropped() > 0) {
            sb.append(String.format(Locale.ROOT, "  dropped: %,d requests came due while every connection was busy and were"
                    + " never sent: the server (or the load generator) could not keep up with the rate%n", r.dropped()));
        }
        latency(sb, r.serviceLatency() != null ? "latency ms (corrected, from the intended send time)" : "latency ms", r.latency());
        if (r.serviceLatency() != null) {
            latency(sb, "service ms (uncorrected, from the actual send)", r.serviceLatency());
        }
        tls(sb, r.tls(), !Boolean.TRUE.equals(r.load().insecure()));
        cpu(sb, r.cpu());
        if (r.clampedValues() > 0) {
            sb.append(String.format(Locale.ROOT, "  clamped: %,d latencies outside 1 us .. 1 h recorded as the nearest bound%n",
                    r.clampedValues()));
        }
        return sb.toString();
    }

    /** @param verified certificates were checked (no {@code --insecure}): a failure may be a self-signed server's */
    private static void tls(StringBuilder sb, TlsHandshakes t, boolean verified) {
        if (t == null) {
            return;
        }
        if (t.handshakes() > 0) {
            sb.append(String.format(Locale.ROOT, "  tls (%s): %,d handshakes, handshake ms p50 %s p99 %s, %.0f%% resumed%n",
                    t.provider(), t.handshakes(), ms(t.latency().p50Us()), ms(t.latency().p99Us()), t.resumedShare() * 100));
        } else {
            sb.append(String.format(Locale.ROOT, "  tls (%s): no handshake in the measured window%s%n", t.provider(),
                    t.firstFailure() == null ? " (connections kept alive from the warm-up)" : ""));
        }
        if (t.firstFailure() != null) {
            sb.append("  tls handshakes failed: ").append(t.firstFailure())
                    .append(verified ? " (--insecure trusts any certificate, for self-signed test servers)" : "").append('\n');
        }
    }

    private static void cpu(StringBuilder sb, CpuCost c) {
        if (c == null || (c.serviceMicros() == null && c.clientMicros() == null)) {
            return;
        }
        sb.append("  cpu per request:");
        if (c.serviceMicros() != null) {
            sb.append(String.format(Locale.ROOT, " services %.1f us", c.serviceMicros()));
        }
        if (c.clientMicros() != null) {
            sb.append(String.format(Locale.ROOT, "%s load generator %.1f us (user %.1f, sys %.1f; busiest load thread %.0f%%)",
                    c.serviceMicros() != null ? ";" : "", c.clientMicros(), c.clientUserMicros(), c.clientSystemMicros(),
                    c.clientMaxLoopBusy() * 100));
        }
        sb.append('\n');
        if (c.clientSaturated()) {
            sb.append(String.format(Locale.ROOT, "  WARNING: a load thread was busy %.0f%% of the measured window: the load"
                    + " generator may be the bottleneck, not the server%n", c.clientMaxLoopBusy() * 100));
        }
    }

    private static void latency(StringBuilder sb, String label, LatencySummary l) {
        sb.append(String.format(Locale.ROOT,
                "  %s: min %s  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s, stdev %s)%n", label,
                ms(l.minUs()), ms(l.p50Us()), ms(l.p90Us()), ms(l.p99Us()), ms(l.p999Us()), ms(l.maxUs()),
                ms(l.meanUs()), ms(l.stddevUs())));
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
        if (e.tls() > 0) {
            sb.append(sep).append("tls ").append(e.tls());
            sep = ", ";
        }
        if (e.body() > 0) {
            sb.append(sep).append("bad body ").append(e.body());
            sep = ", ";
        }
        if (e.reset() > 0) {
            sb.append(sep).append("stream reset ").append(e.reset());
            sep = ", ";
        }
        if (e.goaway() > 0) {
            sb.append(sep).append("goaway ").append(e.goaway());
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
