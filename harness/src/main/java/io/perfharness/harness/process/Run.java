package io.perfharness.harness.process;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One launch of a managed process: the launched process, its output, and what holds its tree together
 * (its cgroup, or its environment marker). Immutable but for the CPU time last read.
 */
final class Run {
    /** Clock ticks per second for /proc's CPU times: 100 on every Linux build that matters (USER_HZ). */
    private static final long TICK_NANOS = 10_000_000L;

    final Process process;
    final String marker;
    final Instant launchedAt;
    final ProcessOutput output;
    /** The run's cgroup, or null under {@link Containment#MARKER}. */
    final Cgroup cgroup;
    final PidFiles pidFiles;
    private volatile long lastCpuNanos;

    Run(Process process, String marker, Instant launchedAt, ProcessOutput output, Cgroup cgroup, PidFiles pidFiles) {
        this.process = process;
        this.marker = marker;
        this.launchedAt = launchedAt;
        this.output = output;
        this.cgroup = cgroup;
        this.pidFiles = pidFiles;
    }

    Containment containment() {
        return cgroup != null ? Containment.CGROUP : Containment.MARKER;
    }

    /** @return live pids held by the containment: the cgroup's processes, or those carrying the marker */
    List<Long> contained() {
        return cgroup != null ? cgroup.pids() : ProcessTree.withMarker(marker);
    }

    /** @return every live process of the tree that can be found: descendants, contained, and the pid files' */
    Set<Long> members() {
        Set<Long> known = new LinkedHashSet<>(ProcessTree.snapshot(process.toHandle()));
        known.addAll(contained());
        if (cgroup == null) {
            known.addAll(pidFiles.startedSince(launchedAt)); // a daemon that cleared its environment
        }
        return known;
    }

    /** @return whether the launched process or anything of its tree is alive */
    boolean alive() {
        return process.isAlive() || !contained().isEmpty();
    }

    /**
     * @return CPU time (user + system) of the tree, in ns: from the cgroup, exited processes included; else
     *         the sum over the live tree of each process's own time and that of children it waited for
     */
    long cpuTimeNanos() {
        if (cgroup != null) {
            return cgroup.cpuNanos();
        }
        long ticks = 0;
        for (long pid : members()) {
            ticks += ProcessTree.cpuTicks(pid);
        }
        lastCpuNanos = Math.max(lastCpuNanos, ticks * TICK_NANOS);
        return lastCpuNanos;
    }
}
