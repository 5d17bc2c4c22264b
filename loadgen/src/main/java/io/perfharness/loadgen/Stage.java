package io.perfharness.loadgen;

import java.time.Duration;

/**
 * One segment of a staged load ({@link LoadSpec#stages()}), like a k6 stage: over {@code duration}
 * the load goes linearly from where the previous stage ended (0 before the first stage) to this
 * stage's value. A stage with the previous stage's value holds it; a stage of duration 0 jumps to
 * its value at once, so a first stage {@code 0s} sets the value the load starts from.
 *
 * <pre>{@code
 * // open model: 0 -> 100 req/s over 10 s, hold 100 for 20 s, then 100 -> 400 over 30 s
 * List.of(Stage.rate(Duration.ofSeconds(10), 100), Stage.rate(Duration.ofSeconds(20), 100),
 *         Stage.rate(Duration.ofSeconds(30), 400));
 * // closed model: 4 connections at once for 10 s, then 8
 * List.of(Stage.connections(Duration.ZERO, 4), Stage.connections(Duration.ofSeconds(10), 4),
 *         Stage.connections(Duration.ZERO, 8), Stage.connections(Duration.ofSeconds(10), 8));
 * }</pre>
 *
 * @param duration    how long the stage lasts (0 .. 24 h)
 * @param rate        open model: the rate the stage ends at, requests/s (0 .. {@link LoadSpec#MAX_RATE});
 *                    {@code null} in a connections stage
 * @param connections closed model: the connections the stage ends at (0 .. {@link LoadSpec#MAX_CONNECTIONS});
 *                    {@code null} in a rate stage
 */
public record Stage(Duration duration, Double rate, Integer connections) {

    public Stage {
        if (duration == null || duration.isNegative() || duration.compareTo(LoadSpec.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be 0..24h, got " + duration);
        }
        if ((rate == null) == (connections == null)) {
            throw new IllegalArgumentException("give a rate or connections, " + (rate == null ? "got neither" : "not both"));
        }
        if (rate != null && !(rate >= 0 && rate <= LoadSpec.MAX_RATE)) {
            throw new IllegalArgumentException("rate must be 0.." + (long) LoadSpec.MAX_RATE + " requests/s, got " + rate);
        }
        if (connections != null && (connections < 0 || connections > LoadSpec.MAX_CONNECTIONS)) {
            throw new IllegalArgumentException("connections must be 0.." + LoadSpec.MAX_CONNECTIONS + ", got " + connections);
        }
    }

    /**
     * @param duration how long the stage lasts (0 .. 24 h)
     * @param rate     requests/s at its end (0 .. {@link LoadSpec#MAX_RATE})
     * @return an open-model stage
     */
    public static Stage rate(Duration duration, double rate) {
        return new Stage(duration, rate, null);
    }

    /**
     * @param duration    how long the stage lasts (0 .. 24 h)
     * @param connections connections at its end (0 .. {@link LoadSpec#MAX_CONNECTIONS})
     * @return a closed-model stage
     */
    public static Stage connections(Duration duration, int connections) {
        return new Stage(duration, null, connections);
    }

    /** @return true for an open-model stage ({@link #rate()} set) */
    public boolean isRate() {
        return rate != null;
    }

    /** @return the value the stage ends at: its rate (requests/s) or its connections */
    public double value() {
        return rate != null ? rate : connections;
    }

    /** @return the stage as the {@code --stage} flag writes it: {@code 10s:100} (rate) or {@code 10s:c8} (connections) */
    @Override
    public String toString() {
        String d = duration.toNanos() % 1_000_000_000L == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
        return d + ":" + (rate != null ? (rate == Math.rint(rate) ? String.valueOf(rate.longValue()) : rate.toString())
                : "c" + connections);
    }
}
