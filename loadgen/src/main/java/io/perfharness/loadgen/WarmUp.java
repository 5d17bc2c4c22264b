package io.perfharness.loadgen;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Ends the warm-up when the load generator is at speed rather than after a fixed time: the JVM
 * compiles the client's hot code during its first seconds under load (with C2, for several
 * seconds, taking CPU from a server on the same few cores), so a fixed short warm-up lets the
 * measured window start while the generator is still getting faster, and per-second throughput
 * climbs through it.
 * <p>
 * The warm-up is cut into steps of {@link #STEP} (one ends exactly with the spec's {@code warmup}).
 * It lasts at least the spec's {@code warmup}, then ends after {@link #SETTLED_STEPS} steps in a
 * row in which the generator was at speed: the JIT compiled for less than {@link #JIT_QUIET} of
 * the step, and throughput was no more than {@link #IMPROVING} times the best earlier step's (two,
 * so that one slow step on a busy machine does not pass for a plateau while the server, fresh too,
 * is still getting faster). It never lasts more than {@link #MAX_EXTENSION} beyond the spec's
 * {@code warmup}.
 */
final class WarmUp {

    /** How often the generator's speed is checked, ns. */
    static final long STEP = 500_000_000L;
    /** Longest the warm-up is extended beyond the spec's warm-up. */
    static final Duration MAX_EXTENSION = Duration.ofSeconds(10);
    /** The JIT is quiet when it compiled for less than this fraction of a step (0.05 = 25 ms in 500 ms). */
    static final double JIT_QUIET = 0.05;
    /** Throughput still improves while a step's exceeds the best earlier one by more than this factor. */
    static final double IMPROVING = 1.05;
    /** Steps in a row at speed that end the warm-up. */
    static final int SETTLED_STEPS = 2;

    private final Duration minimum;
    private final IntervalSampler sampler;
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();

    /**
     * @param minimum the spec's warm-up, &gt; 0
     * @param sampler where the loops' completed responses are counted
     */
    WarmUp(Duration minimum, IntervalSampler sampler) {
        this.minimum = minimum;
        this.sampler = sampler;
    }

    /** @return the longest a warm-up of {@code minimum} can last */
    static Duration longest(Duration minimum) {
        return minimum.isZero() ? minimum : minimum.plus(MAX_EXTENSION);
    }

    /**
     * Blocks until the generator is at speed (or the thread is interrupted).
     *
     * @param startNanos when the load started, {@link System#nanoTime()} ns
     * @return when the warm-up ended, ns
     */
    long awaitSpeed(long startNanos) {
        long minEnd = startNanos + minimum.toNanos();
        long maxEnd = startNanos + longest(minimum).toNanos();
        long stepStart = startNanos;
        long completed = sampler.completedSoFar();
        long jitMillis = jitMillis();
        double best = -1; // best throughput of the steps so far, req/s; none yet
        int settled = 0; // steps in a row at speed
        while (true) {
            long stepEnd = Math.min(stepStart + STEP, maxEnd);
            if (stepStart < minEnd) {
                stepEnd = Math.min(stepEnd, minEnd); // a check right when the minimum warm-up ends
            }
            if (!LoadRun.sleepUntil(stepEnd)) {
                return System.nanoTime();
            }
            long now = System.nanoTime();
            long c = sampler.completedSoFar();
            long j = jitMillis();
            double rate = (c - completed) * 1e9 / Math.max(1, now - stepStart);
            double compiling = (j - jitMillis) * 1e6 / Math.max(1, now - stepStart);
            boolean improving = best < 0 || rate > best * IMPROVING;
            settled = compiling < JIT_QUIET && !improving ? settled + 1 : 0;
            if (now >= maxEnd || (now >= minEnd && settled >= SETTLED_STEPS)) {
                return now;
            }
            best = Math.max(best, rate);
            completed = c;
            jitMillis = j;
            stepStart = now;
        }
    }

    /** @return total time the JIT has spent compiling, ms (0 if the JVM does not tell) */
    private long jitMillis() {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }
}
