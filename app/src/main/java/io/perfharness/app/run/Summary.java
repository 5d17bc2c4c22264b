package io.perfharness.app.run;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.perfharness.reports.CpuCost;
import io.perfharness.reports.EndpointReport;
import io.perfharness.reports.ErrorCounts;
import io.perfharness.reports.LatencySummary;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.StageResult;
import io.perfharness.reports.TlsHandshakes;

/** The human-readable summary of a load, like wrk's: throughput, errors by kind, latency percentiles in ms. */
public final class Summary {
    private Summary() {
    }

    /**
     * @return what a load requests, for its first line: {@code GET http://...} (the first URL), or its named
     *         endpoints with their weights, {@code 2 endpoints: home x8, checkout x2}
     */
    public static String target(io.perfharness.loadgen.LoadSpec s) {
        if (s.endpoints().isEmpty()) {
            return s.method() + " " + s.urls().get(0);
        }
        return s.endpoints().size() + " endpoints: " + String.join(", ",
                s.endpoints().stream().map(e -> e.name() + " x" + e.weight()).toList());
    }

    /** @return a few lines, each ending in a newline */
    public static String of(RunReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %d requests in %.2fs, %.1f req/s, %d connections, %s%n",
                r.requests(), r.durationSeconds(), r.requestsPerSecond(), r.load().connections(),
                model(r.load())));
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
        endpoints(sb, r);
        cpu(sb, r.cpu());
        if (r.clampedValues() > 0) {
            sb.append(String.format(Locale.ROOT, "  clamped: %,d latencies outside 1 us .. 1 h recorded as the nearest bound%n",
                    r.clampedValues()));
        }
        stages(sb, r);
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

    /** One row per named endpoint: its weight, share of the requests, throughput, errors and latencies in ms. */
    private static void endpoints(StringBuilder sb, RunReport r) {
        List<EndpointReport> endpoints = r.endpointTotals();
        if (endpoints.isEmpty()) {
            return;
        }
        int width = Math.max(8, endpoints.stream().mapToInt(e -> e.name().length()).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "  %-" + width + "s %6s %7s %10s %10s %8s %8s %8s %8s%n", "endpoint", "weight",
                "share", "requests", "req/s", "errors", "p50", "p99", "max"));
        for (EndpointReport e : endpoints) {
            Integer weight = r.load().endpoints() == null ? null : r.load().endpoints().stream()
                    .filter(p -> p.name().equals(e.name())).map(LoadParameters.Endpoint::weight).findFirst().orElse(null);
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s %6s %6.2f%% %10d %10.1f %8d %8s %8s %8s%n", e.name(),
                    weight == null ? "" : weight, r.requests() == 0 ? 0.0 : 100.0 * e.requests() / r.requests(), e.requests(),
                    e.requestsPerSecond(), e.errors().total(), ms(e.latency().p50Us()), ms(e.latency().p99Us()),
                    ms(e.latency().maxUs())));
        }
    }

    private static String model(LoadParameters l) {
        if (l.stages() != null) {
            double max = l.stages().stream().mapToDouble(LoadParameters.Stage::value).max().orElse(0);
            return String.format(Locale.ROOT, "%s model in %d stages, up to %s", l.openModel() ? "open" : "closed",
                    l.stages().size(), l.openModel() ? num(max) + " req/s" : num(max) + " connections");
        }
        return l.rate() == null ? "closed model" : String.format(Locale.ROOT, "open model at %.0f req/s", l.rate());
    }

    /** One row per stage (stages of 0 s, jumps, have none): what it asked for, what it got. */
    private static void stages(StringBuilder sb, RunReport r) {
        List<LoadParameters.Stage> given = r.load().stages();
        List<StageResult> results = StageResult.overRepetitions(r.runs());
        if (given == null || results.isEmpty()) {
            return;
        }
        boolean open = r.load().openModel();
        sb.append(String.format(Locale.ROOT, "  %-5s %-22s %8s %10s %9s %9s %8s %8s%n", "stage", "target", "seconds",
                "req/s", "p50 ms", "p99 ms", "errors", "dropped"));
        for (StageResult s : results) {
            String target = target(given, s.stage(), open);
            sb.append(String.format(Locale.ROOT, "  %-5d %-22s %8.2f %10.1f %9s %9s %8d %8s%n", s.stage() + 1, target,
                    s.durationSeconds(), s.requestsPerSecond(), ms(s.latency().p50Us()), ms(s.latency().p99Us()),
                    s.errors(), open ? String.valueOf(s.dropped()) : "-"));
        }
    }

    /** @return what stage {@code i} asks for: {@code 100 -> 400 req/s} (a ramp) or {@code 8 connections} (held) */
    static String target(List<LoadParameters.Stage> stages, int i, boolean open) {
        double to = stages.get(i).value();
        double from = i == 0 ? 0 : stages.get(i - 1).value();
        String unit = open ? " req/s" : " connections";
        return (from == to ? num(to) : num(from) + " -> " + num(to)) + unit;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
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
        if (l.maxUs() == 0) { // recorded latencies are at least 1 us: none was recorded
            sb.append("  ").append(label).append(": n/a (no response)\n");
            return;
        }
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
            if (e.connectCause() != null) {
                sb.append(" (first: ").append(e.connectCause()).append(')');
            }
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
