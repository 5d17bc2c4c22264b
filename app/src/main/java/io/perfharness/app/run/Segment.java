package io.perfharness.app.run;

import io.perfharness.app.scenario.LoadSettings;
import io.perfharness.loadgen.LoadSpec;

/**
 * One agent's share of a load split over several agents ({@code --segment I/N}), so that the N agents
 * together make exactly the load asked for: the connections are split as evenly as they go (the first
 * {@code C mod N} agents get one more), the open-model rate in proportion to the connections. Every
 * other setting (URLs, request, durations, checks) is the whole load's.
 *
 * <pre>{@code
 * LoadSpec mine = Segment.parse("1/3").share(whole);   // 10 connections at 300 req/s: 3 at 90 req/s
 * }</pre>
 *
 * @param index this agent's index, 0 .. {@code count - 1} (Kubernetes' {@code JOB_COMPLETION_INDEX})
 * @param count how many agents share the load, 1 .. {@value LoadSpec#MAX_CONNECTIONS}
 */
public record Segment(int index, int count) {

    /** The whole load: one agent. */
    public static final Segment WHOLE = new Segment(0, 1);

    public Segment {
        if (count < 1 || count > LoadSpec.MAX_CONNECTIONS) {
            throw new LoadSettings.SettingsException("--segment: N must be 1.." + LoadSpec.MAX_CONNECTIONS + ", got " + count);
        }
        if (index < 0 || index >= count) {
            throw new LoadSettings.SettingsException("--segment: I must be 0.." + (count - 1) + " for N = " + count
                    + " (I counts from 0), got " + index);
        }
    }

    /**
     * @param text {@code I/N}, e.g. {@code 0/3}
     * @throws LoadSettings.SettingsException saying what was expected
     */
    public static Segment parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                return new Segment(Integer.parseInt(t.substring(0, slash).trim()), Integer.parseInt(t.substring(slash + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new LoadSettings.SettingsException("--segment: '" + text + "' is not I/N (this agent's index from 0, and"
                + " the number of agents, e.g. 0/3)");
    }

    /** @return this agent's connections of {@code total} (the shares of all N agents add up to {@code total}) */
    public int connections(int total) {
        return total / count + (index < total % count ? 1 : 0);
    }

    /**
     * @return this agent's share of {@code whole}: its connections and, in the open model, the rate in proportion
     * @throws LoadSettings.SettingsException when this agent would get no connection, or a rate below the least
     */
    public LoadSpec share(LoadSpec whole) {
        if (count == 1) {
            return whole;
        }
        if (!whole.stages().isEmpty()) {
            throw new LoadSettings.SettingsException("--segment " + this + ": a load with stages cannot be split over agents"
                    + " yet; run it from one load generator");
        }
        int c = connections(whole.connections());
        if (c == 0) {
            throw new LoadSettings.SettingsException("--segment " + this + ": " + whole.connections()
                    + " connections cannot be split over " + count + " agents (agent " + index + " would have none);"
                    + " give at least " + count + " connections or fewer agents");
        }
        LoadSpec.Builder b = whole.toBuilder().connections(c);
        if (whole.rate() != null) {
            double rate = whole.rate() * c / whole.connections();
            if (rate < LoadSpec.MIN_RATE) {
                throw new LoadSettings.SettingsException("--segment " + this + ": a rate of " + whole.rate()
                        + " req/s over " + count + " agents leaves agent " + index + " " + rate + " req/s, below "
                        + LoadSpec.MIN_RATE);
            }
            b.rate(rate);
        }
        return b.build();
    }

    /** @return {@code I/N} */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
