package io.perfharness.app.run;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.perfharness.harness.process.HarnessException;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.AgentPart;
import io.perfharness.reports.RunReport;

/**
 * How a {@code load} or {@code run} takes part in a load that several agents make together: its share
 * ({@code --segment I/N}), the instant every agent starts its warm-up ({@code --start-at}), and whether its
 * report is handed back on standard output ({@code --print-report}, see {@link FramedReport}).
 *
 * @param segment     this agent's share, or {@code null} for the whole load
 * @param startAt     when to start the warm-up, or {@code null} for at once
 * @param printReport whether to print the report, framed, on standard output once it is written
 */
public record Agent(Segment segment, Instant startAt, boolean printReport) {

    /** Not an agent: the whole load, at once, the report in its file only. */
    public static final Agent NONE = new Agent(null, null, false);

    /** @return true when any agent setting is given: then the report records this agent's part */
    public boolean isAgent() {
        return segment != null || startAt != null || printReport;
    }

    /** @return this agent's share of {@code whole} (see {@link Segment#share}) */
    public LoadSpec share(LoadSpec whole) {
        return segment == null ? whole : segment.share(whole);
    }

    /**
     * Sleeps until {@link #startAt()}, then returns. An agent that comes after it says by how much and starts
     * at once.
     *
     * @return when the load starts, or {@code null} when this is not an agent
     * @throws HarnessException when interrupted while waiting
     */
    public Started awaitStart(PrintStream out) {
        if (!isAgent()) {
            return null;
        }
        String who = "agent " + (segment == null ? Segment.WHOLE : segment);
        if (startAt != null) {
            Instant arrived = Instant.now();
            if (arrived.isAfter(startAt)) {
                out.printf(Locale.ROOT, "%s: late: --start-at %s passed %d ms ago; starting now%n", who, startAt,
                        Duration.between(startAt, arrived).toMillis());
            } else {
                out.printf(Locale.ROOT, "%s: waiting %d ms for --start-at %s%n", who,
                        Duration.between(arrived, startAt).toMillis(), startAt);
                sleepUntil(startAt);
            }
        }
        return new Started(this, Instant.now());
    }

    private static void sleepUntil(Instant at) {
        try {
            for (long nanos = Duration.between(Instant.now(), at).toNanos(); nanos > 0;
                 nanos = Duration.between(Instant.now(), at).toNanos()) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while waiting for --start-at " + at);
        }
    }

    /**
     * An agent's load, started.
     *
     * @param agent   the agent settings
     * @param started when its warm-up started
     */
    public record Started(Agent agent, Instant started) {
        /** @return {@code report} with this agent's part recorded */
        public RunReport record(RunReport report) {
            Segment s = agent.segment() == null ? Segment.WHOLE : agent.segment();
            return report.withAgents(List.of(AgentPart.of(s.index(), s.count(), agent.startAt(), started, report)));
        }
    }
}
