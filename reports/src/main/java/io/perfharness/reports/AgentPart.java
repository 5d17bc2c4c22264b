package io.perfharness.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * One load generator's part in a load that several made together ({@code perfharness cluster run}, or
 * {@code load}/{@code run --segment I/N}): which share it made, when it started and what it measured on
 * its own. An agent's report holds its own part; a merged report holds every agent's.
 *
 * @param index       the agent's segment index, 0 .. {@code count - 1}
 * @param count       how many agents the load was split over (≥ 1)
 * @param host        the host name the agent ran on
 * @param startAt     the instant every agent was to start its warm-up ({@code --start-at}), ISO-8601 with
 *                    milliseconds; {@code null} when none was given (the agent started at once)
 * @param started     the instant this agent started its warm-up, ISO-8601 with milliseconds
 * @param lateMillis  how much after {@code startAt} it started, in ms (≥ 0; 0 without {@code startAt})
 * @param connections its share of the connections
 * @param rate        its share of the open-model rate, requests/s; {@code null} in the closed model
 * @param requests    the responses it counted in its measured windows
 * @param requestsPerSecond its own throughput, requests/s
 * @param errors      its failed requests by kind
 * @param dropped     open model: requests it never sent (every connection busy)
 * @param latency     its own latency summary, µs (open model: corrected)
 */
public record AgentPart(int index, int count, String host, String startAt, String started, double lateMillis,
                        int connections, Double rate, long requests, double requestsPerSecond, ErrorCounts errors,
                        long dropped, LatencySummary latency) {

    public AgentPart {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("agent index must be 0.." + (count - 1) + " of " + count + ", got " + index);
        }
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latency, "latency");
    }

    /**
     * @param index     segment index, 0 .. count - 1
     * @param count     agents, ≥ 1
     * @param startAt   the common start instant, or null
     * @param started   when this agent started its warm-up
     * @param report    the agent's own report
     * @return the part {@code report} describes
     */
    public static AgentPart of(int index, int count, Instant startAt, Instant started, RunReport report) {
        double late = startAt == null ? 0 : Math.max(0, Duration.between(startAt, started).toNanos() / 1e6);
        return new AgentPart(index, count, report.meta().host(), startAt == null ? null : iso(startAt), iso(started),
                late, report.load().connections(), report.load().rate(), report.requests(), report.requestsPerSecond(),
                report.errors(), report.dropped(), report.latency());
    }

    /** @return {@code I/N}, as the {@code --segment} flag takes it */
    public String segment() {
        return index + "/" + count;
    }

    /**
     * @return the time between the earliest and the latest start of {@code parts}, in ms; 0 for fewer than two
     *         parts or when a start instant cannot be read
     */
    public static double startSpreadMillis(List<AgentPart> parts) {
        Instant first = null;
        Instant last = null;
        try {
            for (AgentPart p : parts) {
                Instant s = Instant.parse(p.started());
                first = first == null || s.isBefore(first) ? s : first;
                last = last == null || s.isAfter(last) ? s : last;
            }
        } catch (DateTimeParseException e) {
            return 0;
        }
        return first == null ? 0 : Duration.between(first, last).toNanos() / 1e6;
    }

    private static String iso(Instant i) {
        return i.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }
}
