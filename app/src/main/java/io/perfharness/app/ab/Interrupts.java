package io.perfharness.app.ab;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a clean-up when the JVM is told to stop: on SIGINT (Ctrl-C) and SIGTERM before the handler that was
 * there (the CLI's, which stops every process and halts the JVM, skipping shutdown hooks), and in a
 * shutdown hook for every other way out. {@link #close()} puts the previous handlers back.
 */
final class Interrupts implements AutoCloseable {
    private final List<Runnable> restore = new ArrayList<>();
    private final Thread hook;

    @SuppressWarnings("removal")
    Interrupts(Runnable cleanup) {
        Runnable once = new Runnable() {
            private boolean done;

            @Override
            public synchronized void run() {
                if (!done) {
                    done = true;
                    cleanup.run();
                }
            }
        };
        hook = new Thread(once, "perfharness-ab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
                previous[0] = sun.misc.Signal.handle(signal, sig -> {
                    System.err.println();
                    System.err.println("perfharness: SIG" + name + " received, stopping the run and removing the worktrees");
                    io.perfharness.harness.process.ManagedProcess.stopAllLive();
                    once.run();
                    try {
                        previous[0].handle(sig);
                    } catch (RuntimeException e) {
                        // the default action, which Java cannot call: end as a signal would
                    }
                    Runtime.getRuntime().halt(128 + sig.getNumber());
                });
                restore.add(() -> sun.misc.Signal.handle(signal, previous[0]));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // no such signal here: the shutdown hook still cleans up
            }
        }
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
