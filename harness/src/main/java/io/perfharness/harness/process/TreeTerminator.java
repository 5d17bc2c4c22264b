package io.perfharness.harness.process;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends a run's whole tree: the first signal, the grace period, KILL to whatever is left (through the
 * cgroup when there is one), then checks the ports are free and removes dead pid files.
 */
final class TreeTerminator {
    /** How long, in ms, processes sent KILL may take to disappear before the stop fails. */
    private static final long KILL_WAIT_MILLIS = 2000;
    /** How long, in ms, a port may keep accepting connections once its tree is gone. */
    private static final long PORT_FREE_MILLIS = 2000;

    /**
     * @param escalated whether KILL had to follow the signal
     * @param why       for an escalation, what the first survivor does with the signal ({@code pid 12 blocks QUIT}), or empty
     */
    record Outcome(boolean escalated, String why) {
    }

    private TreeTerminator() {
    }

    /**
     * @param everyProcess send {@code signal} to every process of the tree; otherwise to the process group and
     *                     to the members that left it (a terminal's Ctrl-C, plus daemons)
     * @throws HarnessException when a process survives KILL or a port stays taken
     */
    static Outcome terminate(ProcessSpec spec, Run run, Signal signal, Duration grace, boolean everyProcess) {
        long pgid = run.process.pid();
        Set<Long> known = run.members();
        boolean escalated = false;
        String why = "";
        if (!known.isEmpty()) {
            // once each: a second TERM or INT means "hurry" to some servers, or meets Python's default handlers
            if (everyProcess) {
                ProcessTree.signal(known, signal);
            } else {
                List<Long> leftTheGroup = known.stream().filter(pid -> ProcessTree.processGroup(pid) != pgid).toList();
                ProcessTree.signalGroup(pgid, signal);
                ProcessTree.signal(leftTheGroup, signal); // daemons, workers in their own session
            }
            List<Long> survivors = signal == Signal.KILL ? List.copyOf(known) : awaitGone(run, known, grace.toMillis());
            List<Long> contained = run.contained();
            if (!survivors.isEmpty() || !contained.isEmpty()) {
                escalated = signal != Signal.KILL;
                if (escalated) {
                    long first = survivors.contains(pgid) ? pgid : survivors.isEmpty() ? contained.get(0) : survivors.get(0);
                    why = describe(first, signal);
                    run.output.note("still running " + grace.toMillis() + " ms after " + signal
                            + (why.isEmpty() ? "" : " (" + why + ")") + "; sending KILL");
                }
                killAll(run, pgid, survivors, contained);
            }
        }
        waitFor(run.process);
        run.pidFiles.removeDead();
        awaitPortsFree(spec);
        return new Outcome(escalated, why);
    }

    private static void killAll(Run run, long pgid, List<Long> survivors, List<Long> contained) {
        if (run.cgroup != null) {
            run.cgroup.kill(); // everything in it, including what forked meanwhile
        }
        ProcessTree.signalGroup(pgid, Signal.KILL);
        Set<Long> rest = new LinkedHashSet<>(survivors);
        rest.addAll(contained);
        ProcessTree.signal(rest, Signal.KILL);
        List<Long> undead = ProcessTree.awaitGone(rest, KILL_WAIT_MILLIS);
        long deadline = System.nanoTime() + KILL_WAIT_MILLIS * 1_000_000;
        while (!run.contained().isEmpty() && System.nanoTime() < deadline) {
            if (run.cgroup == null) {
                ProcessTree.signal(run.contained(), Signal.KILL); // forked since
            }
            sleepMillis(5);
        }
        undead.addAll(run.contained());
        if (!undead.isEmpty()) {
            throw new HarnessException(run.output.name() + ": processes " + undead + " survived KILL");
        }
    }

    /** @return the pids of {@code known} and of the containment still alive after {@code millis} */
    private static List<Long> awaitGone(Run run, Set<Long> known, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        List<Long> alive = ProcessTree.awaitGone(known, millis);
        // a cgroup also holds what forked after the snapshot; the marker scan is too dear to repeat here
        while (alive.isEmpty() && run.cgroup != null && !run.cgroup.pids().isEmpty() && System.nanoTime() < deadline) {
            sleepMillis(5);
        }
        return alive;
    }

    private static String describe(long pid, Signal signal) {
        String does = ProcessTree.disposition(pid, signal);
        return does.isEmpty() ? "" : "pid " + pid + " " + does + " " + signal;
    }

    private static void awaitPortsFree(ProcessSpec spec) {
        for (InetSocketAddress a : spec.allPorts()) {
            long deadline = System.nanoTime() + PORT_FREE_MILLIS * 1_000_000;
            while (PortOwners.accepting(a.getHostString(), a.getPort())) {
                if (System.nanoTime() > deadline) {
                    throw new HarnessException(spec.name() + " stopped, but port " + a.getPort() + " still accepts connections"
                            + PortOwners.listener(a.getPort()).stream().mapToObj(p -> " (pid " + p + ")").findFirst().orElse(""));
                }
                if (!sleepMillis(10)) {
                    return;
                }
            }
        }
    }

    /** @return the exit code, or -1 when interrupted */
    static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** @return false when interrupted (the flag is kept) */
    private static boolean sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
