package io.perfharness.app.cluster;

import java.util.Locale;

import io.perfharness.reports.AgentPart;
import io.perfharness.reports.RunReport;

/** The part of a cluster run's summary that says who made the load: each agent's own numbers and their starts. */
final class AgentsSummary {
    private AgentsSummary() {
    }

    /** @return a few lines, each ending in a newline; empty for a report without agents */
    static String of(RunReport r) {
        if (r.agents() == null || r.agents().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        double latest = r.agents().stream().mapToDouble(AgentPart::lateMillis).max().orElse(0);
        sb.append(String.format(Locale.ROOT, "  agents: %d, start spread %.1f ms, latest start %.1f ms after --start-at%n",
                r.agents().size(), AgentPart.startSpreadMillis(r.agents()), latest));
        for (AgentPart a : r.agents()) {
            sb.append(String.format(Locale.ROOT,
                    "    %-7s %-20s %4d conns%s  %,9d requests  %10.1f req/s  errors %d%s  p50 %.2f  p99 %.2f ms  late %.1f ms%n",
                    a.segment(), a.host(), a.connections(),
                    a.rate() == null ? "" : String.format(Locale.ROOT, " at %.1f req/s", a.rate()),
                    a.requests(), a.requestsPerSecond(), a.errors().total(),
                    a.dropped() > 0 ? ", dropped " + a.dropped() : "",
                    a.latency().p50Us() / 1000.0, a.latency().p99Us() / 1000.0, a.lateMillis()));
        }
        return sb.toString();
    }
}
