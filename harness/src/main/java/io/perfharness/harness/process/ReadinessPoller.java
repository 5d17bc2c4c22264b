package io.perfharness.harness.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.perfharness.harness.probe.ReadinessProbe;

/**
 * Polls one run's readiness attempt until it succeeds, the process fails, or the start-up timeout
 * passes. Polls start 0.5 ms after launch and back off to every {@link #MAX_POLL_MILLIS} ms.
 */
final class ReadinessPoller {
    /** The first readiness poll comes 0.5 ms after launch; the interval doubles up to {@link #MAX_POLL_MILLIS}. */
    static final long FIRST_POLL_MICROS = 500;
    /**
     * Longest interval between readiness polls, in ms. Measured on 2 loaded cores (bench/harness/measure.sh):
     * with 4 ms, start() returns a median 2.3 ms after the port opens and polling costs a few % of a core;
     * with 8 ms, 3 to 6 ms.
     */
    static final long MAX_POLL_MILLIS = 4;
    /** How often, in ms, a daemonised process's containment is looked at while waiting. */
    private static final long CONTAINED_SCAN_MILLIS = 100;
    /**
     * How long, in ms, the last output is awaited once the process has exited during start-up: enough
     * for the pipe to be read to its end, short enough to fail fast when a leftover child holds it open.
     */
    private static final long EXIT_DRAIN_MILLIS = 150;

    private ReadinessPoller() {
    }

    /**
     * @param stopTree     ends the tree; called before the last output is read when the process failed
     * @param shuttingDown whether the JVM is going down (then waiting is given up)
     * @throws ProcessExitedException    when the process exits during start-up with a non-zero code, or with 0
     *                                   and nothing left that could satisfy the probe
     * @throws ReadinessTimeoutException when the start-up timeout passes
     * @throws HarnessException          when interrupted or the JVM is shutting down
     */
    static void await(ProcessSpec spec, Run run, ReadinessProbe.Attempt attempt, Runnable stopTree, BooleanSupplier shuttingDown) {
        ReadinessProbe readiness = spec.readiness();
        String name = spec.name();
        ProcessOutput out = run.output;
        long deadline = System.nanoTime() + spec.startupTimeout().toNanos();
        long sleepMicros = FIRST_POLL_MICROS;
        boolean daemonised = false;
        long nextScan = 0;
        while (true) {
            if (attempt.ready(timeLeft(deadline))) {
                return;
            }
            if (shuttingDown.getAsBoolean()) {
                throw new HarnessException(name + ": the JVM is shutting down; gave up waiting for " + readiness.description());
            }
            if (!daemonised && !run.process.isAlive()) {
                int code = TreeTerminator.waitFor(run.process);
                if (code != 0) {
                    stopTree.run(); // what it left behind holds its pipes open: the last lines come once it is gone
                    out.awaitEnd(EXIT_DRAIN_MILLIS);
                    throw new ProcessExitedException(name, code, "during start-up, before " + readiness.description(),
                            out.tail().lines());
                }
                out.awaitEnd(EXIT_DRAIN_MILLIS);
                if (attempt.ready(timeLeft(deadline))) {
                    return; // its last lines held the banner
                }
                if (!readiness.survivesExit() && !attempt.survivesExit()) {
                    throw new ProcessExitedException(name, 0, "before it was ready; " + readiness.description()
                            + " cannot succeed once it has exited", out.tail().lines());
                }
                if (run.contained().isEmpty()) {
                    throw new ProcessExitedException(name, 0, "before it was ready, and nothing it started is left "
                            + "to satisfy " + readiness.description(), out.tail().lines());
                }
                daemonised = true; // a daemonising parent: what it forked is contained
                nextScan = System.nanoTime() + CONTAINED_SCAN_MILLIS * 1_000_000;
            }
            if (daemonised && System.nanoTime() - nextScan >= 0) {
                if (run.contained().isEmpty()) {
                    throw new ProcessExitedException(name, 0, "and every process it started has exited, before "
                            + readiness.description(), out.tail().lines());
                }
                nextScan = System.nanoTime() + CONTAINED_SCAN_MILLIS * 1_000_000;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ReadinessTimeoutException(name, readiness.description(), spec.startupTimeout(),
                        attempt.lastSeen(), out.tail().lines());
            }
            long sleep = Math.min(sleepMicros * 1000, left);
            try {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while waiting for " + name + " to be ready; stopped it");
            }
            sleepMicros = Math.min(sleepMicros * 2, MAX_POLL_MILLIS * 1000);
        }
    }

    private static Duration timeLeft(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
