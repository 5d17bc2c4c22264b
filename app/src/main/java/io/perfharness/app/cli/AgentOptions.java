package io.perfharness.app.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.perfharness.app.run.Agent;
import io.perfharness.app.run.Segment;
import io.perfharness.app.scenario.LoadSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The flags of a load made by several agents together, shared by {@code load} and {@code run} (and given to
 * each agent by {@code cluster run}): {@code --segment}, {@code --start-at}, {@code --print-report}.
 */
final class AgentOptions {

    @Option(names = "--segment", paramLabel = "I/N", order = 80, converter = SegmentFlag.class,
            description = "make agent I's share of the load (I = 0..N-1) split over N agents: its share of the"
                    + " connections, and of the open-model rate in proportion; the N shares add up to the whole load")
    Segment segment;

    @Option(names = "--start-at", paramLabel = "TIME", order = 81, converter = InstantFlag.class,
            description = "start the warm-up at this instant (ISO-8601 like 2026-11-23T14:10:39.500Z, or epoch ms),"
                    + " the same for every agent; a late agent says by how much and the report records it")
    Instant startAt;

    @Option(names = "--print-report", order = 82,
            description = "also print the report on standard output: gzip'd JSON in base64 between"
                    + " -----BEGIN/END PERFHARNESS REPORT----- lines (how agents hand it back to cluster run)")
    boolean printReport;

    /** @return the agent these flags describe, {@link Agent#NONE} when none is given */
    Agent agent() {
        Agent a = new Agent(segment, startAt, printReport);
        return a.isAgent() ? a : Agent.NONE;
    }

    /** picocli: {@code I/N}. */
    static final class SegmentFlag implements CommandLine.ITypeConverter<Segment> {
        @Override
        public Segment convert(String value) {
            try {
                return Segment.parse(value);
            } catch (LoadSettings.SettingsException e) {
                throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^--segment: ", ""));
            }
        }
    }

    /** picocli: an ISO-8601 instant or epoch milliseconds. */
    static final class InstantFlag implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            String v = value.trim();
            try {
                return v.chars().allMatch(Character::isDigit) && !v.isEmpty() ? Instant.ofEpochMilli(Long.parseLong(v))
                        : Instant.parse(v);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an instant (expected ISO-8601"
                        + " like 2026-11-23T14:10:39Z, or epoch milliseconds)");
            }
        }
    }
}
