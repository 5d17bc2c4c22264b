package io.perfharness.app.run;

/**
 * What SIGINT or SIGTERM does to a run in progress: the load stops at once (its thread is interrupted),
 * and nothing more is written — a report is either written whole before the signal or not at all, and no
 * temporary file is left behind. The signal handler calls {@link #request()} before it stops the processes.
 */
public final class Interruption {
    private static final Object WRITES = new Object();
    private static volatile boolean requested;
    private static volatile Thread runner;
    private static volatile int exitCode;
    /** What to undo before the process ends on a signal, newest last. */
    private static final java.util.List<Runnable> CLEANUPS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Interruption() {
    }

    /** @param thread the thread that runs loads and writes reports (the command's), interrupted on a signal */
    public static void runOn(Thread thread) {
        runner = thread;
    }

    /**
     * Runs the clean-ups registered with {@link #onRequest} (newest first), then stops the load and every later
     * write; returns once the clean-ups have run and a write in progress has finished.
     *
     * @param code the exit code the run ends with: 128 + the signal's number (130, 143)
     */
    public static void request(int code) {
        exitCode = code;
        requested = true;
        // first what must be undone outside this machine (a Kubernetes Job), while the run waits undisturbed
        java.util.List<Runnable> undo = new java.util.ArrayList<>(CLEANUPS);
        java.util.Collections.reverse(undo);
        for (Runnable r : undo) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.err.println("perfharness: clean-up on the signal failed: " + e.getMessage());
            }
        }
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
        synchronized (WRITES) {
            // a write that began before the signal finishes whole; none begins after it
        }
    }

    /**
     * Registers what a signal must undo besides the processes this JVM started (which the signal handler stops
     * anyway), such as a Kubernetes Job: run from the signal handler, before the JVM halts.
     *
     * @return closing it unregisters {@code cleanup} (once it is no longer needed)
     */
    public static AutoCloseable onRequest(Runnable cleanup) {
        CLEANUPS.add(cleanup);
        return () -> CLEANUPS.remove(cleanup);
    }

    /** @return true once a signal asked the run to stop */
    public static boolean requested() {
        return requested;
    }

    /**
     * Called by the command's thread when the command has ended (often early: the signal interrupted it)
     * while a signal is being handled. The handler is still stopping processes and then halts the JVM with
     * 128 + the signal's number; exiting here with the command's own code would race it (a stop that the
     * command's thread finished first ended in exit 0, or 3 for the interrupted stop). So wait for it.
     *
     * @param max how long to wait for the handler at most
     * @return the signal's exit code, should the handler not have halted the JVM within {@code max}
     */
    public static int awaitHandler(java.time.Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                // the handler interrupts this thread; keep waiting for its halt
            }
        }
        return exitCode;
    }

    /**
     * Runs {@code writes} unless the run was interrupted.
     *
     * @return false when it was not run
     */
    static boolean write(Runnable writes) {
        synchronized (WRITES) {
            if (requested) {
                return false;
            }
            writes.run();
            return true;
        }
    }
}
