package io.perfharness.harness.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The managed processes of this JVM that are running, in launch order, and the shutdown hook that
 * stops them (then removes this JVM's cgroups) on a normal exit or SIGINT/SIGTERM.
 */
final class LiveProcesses {
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            stopAll();
            Cgroup.removeBase();
        }, "perfharness-stop-all"));
    }

    private LiveProcesses() {
    }

    /** @return whether the JVM is shutting down: no process may start, waits are given up */
    static boolean shuttingDown() {
        return shuttingDown;
    }

    static void add(ManagedProcess p) {
        LIVE.add(p);
    }

    static void remove(ManagedProcess p) {
        LIVE.remove(p);
    }

    /** Forgets the process whose current run is {@code r}, once its tree is gone. */
    static void removeRun(Run r) {
        LIVE.removeIf(p -> p.run() == r);
    }

    /** Stops every live process, newest first; a failure is printed and the others are still stopped. */
    static void stopAll() {
        List<ManagedProcess> all = new ArrayList<>(LIVE);
        all.sort((a, b) -> b.run().launchedAt.compareTo(a.run().launchedAt));
        for (ManagedProcess p : all) {
            try {
                p.stopFromElsewhere();
            } catch (RuntimeException e) {
                System.err.println("perfharness: stopping " + p.name() + ": " + e.getMessage());
            }
        }
    }
}
