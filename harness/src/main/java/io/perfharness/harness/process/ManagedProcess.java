package io.perfharness.harness.process;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.perfharness.harness.probe.ReadinessProbe;

/**
 * A process the harness starts, waits for, and stops with its whole tree.
 *
 * <p>The command runs through a launcher that gives it its own session and process group, default
 * signal dispositions and an empty signal mask (so QUIT, HUP, USR1... arrive), and puts it in a
 * {@link Containment}: a cgroup of its own where available, which nothing it starts can leave; else
 * a unique marker in its environment ({@link #MARKER_VARIABLE}), inherited by every descendant.
 * {@link #stop()} signals the group, waits the grace period, then kills everything contained. Its
 * pid is the command's own. Processes are never found by name.
 *
 * <p>Every process also carries this JVM's id ({@link #OWNER_VARIABLE}). A JVM shutdown hook stops
 * what is still running on a normal exit or SIGINT/SIGTERM; if the JVM is killed outright, a watchdog
 * started with the first process KILLs every cgroup of this JVM and everything carrying that id
 * within a second.
 *
 * <pre>{@code
 * try (ManagedProcess server = ManagedProcess.builder("web")
 *         .command("python3 -m http.server 8080 --bind 127.0.0.1")
 *         .readiness(Probes.tcp("127.0.0.1", 8080))
 *         .build()
 *         .start()) {
 *     // load it; server.cpuTimeNanos() is the CPU its whole tree used
 * }
 * }</pre>
 *
 * <p>Thread-safety: the lifecycle methods ({@link #launch()}, {@link #awaitReady()}, {@link #stop()}...)
 * exclude each other; {@link #isAlive()}, {@link #pid()}, {@link #lastLines()} and {@link #cpuTimeNanos()}
 * never wait for them.
 */
public final class ManagedProcess implements AutoCloseable {
    /** The environment variable that carries a run's unique marker to all its descendants. */
    public static final String MARKER_VARIABLE = ProcessTree.MARKER_VARIABLE;
    /** The environment variable that carries {@link #ownerId()} to every process this JVM starts and their descendants. */
    public static final String OWNER_VARIABLE = ProcessTree.OWNER_VARIABLE;
    /** How long, in ms, the output is awaited to its end once a stop has ended the tree. */
    private static final long OUTPUT_END_MILLIS = 1000;

    private final ProcessSpec spec;
    /** Held by launch, awaitReady, stop and the other lifecycle methods. */
    private final ReentrantLock lifecycle = new ReentrantLock();
    // the current run: written under the lifecycle lock, read by any thread
    private volatile Run run;
    /** The readiness attempt of a run launched and not yet awaited, or null. */
    private ReadinessProbe.Attempt pending;
    private boolean exitReported;

    private ManagedProcess(ProcessSpec spec) {
        this.spec = spec;
    }

    /** @return a process that runs {@code spec}; nothing is started yet */
    public static ManagedProcess of(ProcessSpec spec) {
        return new ManagedProcess(spec);
    }

    /** @return a builder of the {@link ProcessSpec} whose {@code build()} returns the process ready to start */
    public static ProcessSpec.Builder<ManagedProcess> builder(String name) {
        return new ProcessSpec.Builder<>(name, ManagedProcess::new);
    }

    /** @return this JVM's unique id, given to every process it manages as {@link #OWNER_VARIABLE} */
    public static String ownerId() {
        return ProcessTree.ownerId();
    }

    /** @return what this process runs and how */
    public ProcessSpec spec() {
        return spec;
    }

    /** @return the process name */
    public String name() {
        return spec.name();
    }

    /**
     * Launches the process and blocks until its readiness probe succeeds: {@link #launch()} then {@link #awaitReady()}.
     *
     * @return this
     * @see #launch()
     * @see #awaitReady()
     */
    public ManagedProcess start() {
        lifecycle.lock();
        try {
            launch();
            return awaitReady();
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Launches the process without waiting for readiness (its probe begins listening to output at once).
     *
     * @return this
     * @throws PortInUseException      when a port the spec names already accepts connections (after waiting
     *                                 for it, when the spec says {@code awaitPortsFree})
     * @throws AlreadyRunningException when a pid file the probe watches holds a live pid; one holding a dead
     *                                 pid is removed, with a note in the output
     * @throws HarnessException        when the command cannot be run, or its containment cannot be made
     * @throws IllegalStateException   when it is already running
     */
    public ManagedProcess launch() {
        lifecycle.lock();
        try {
            if (LiveProcesses.shuttingDown()) {
                throw new HarnessException("cannot start " + name() + ": the JVM is shutting down");
            }
            if (isAlive()) {
                throw new IllegalStateException(name() + " is already running as pid " + pid());
            }
            PortOwners.refuseTaken(spec);
            PidFiles pidFiles = new PidFiles(name(), spec.readiness().pidFiles());
            List<String> notes = pidFiles.refuseLive();
            Watchdog.ensureRunning(); // so a SIGKILLed harness leaves nothing behind
            Containment kind = spec.containment() != null ? spec.containment() : Containment.available();
            Cgroup cgroup = kind == Containment.CGROUP ? Cgroup.create(name()) : null;
            String marker = UUID.randomUUID().toString();
            ProcessOutput out = new ProcessOutput(name(), spec.console(), spec.logFile());
            notes.forEach(out::note);
            // begun before launch, so an attempt that listens to output sees every line
            ReadinessProbe.Attempt attempt = spec.readiness().begin(out.asProbeTarget());
            Instant launchedAt = Instant.now();
            Process p;
            try {
                p = Launcher.processBuilder(spec, cgroup, marker).start();
            } catch (IOException | RuntimeException e) {
                attempt.close();
                out.close(0);
                if (cgroup != null) {
                    cgroup.remove();
                }
                throw new HarnessException("cannot start " + name() + " (" + String.join(" ", spec.command()) + ")"
                        + (spec.cwd() != null ? " in " + spec.cwd() : "") + ": " + e.getMessage(), e);
            }
            run = new Run(p, marker, launchedAt, out, cgroup, pidFiles);
            exitReported = false;
            pending = attempt;
            LiveProcesses.add(this);
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // stdin is not used
            }
            out.drain(p.getInputStream(), p.getErrorStream());
            return this;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Blocks until the launched process is ready; returns at once when it was already found ready.
     * On failure the tree has been stopped.
     *
     * @return this
     * @throws ProcessExitedException    when the process exits during start-up (it fails within ms)
     * @throws ReadinessTimeoutException when the start-up timeout passes
     * @throws HarnessException          when interrupted, or the JVM is shutting down
     * @throws IllegalStateException     when it was never launched
     */
    public ManagedProcess awaitReady() {
        lifecycle.lock();
        try {
            Run r = run;
            if (r == null) {
                throw new IllegalStateException(name() + " was never launched");
            }
            ReadinessProbe.Attempt attempt = pending;
            if (attempt == null) {
                return this;
            }
            try {
                ReadinessPoller.await(spec, r, attempt, () -> stopQuietly(r), () -> LiveProcesses.shuttingDown());
                // ready, but by its own socket? Another program may have taken the port after the check
                PortOwners.refuseForeignListener(spec, r.members());
            } catch (RuntimeException e) {
                exitReported = true;
                boolean interrupted = Thread.interrupted(); // the clean-up's waits must not be cut short
                stopQuietly(r);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            } finally {
                attempt.close();
                pending = null;
            }
            return this;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Waits for the launched process to exit by itself.
     *
     * @param timeout how long to wait
     * @return its exit code, or empty when {@code timeout} passed first (it is still running)
     * @throws IllegalStateException when it was never started
     */
    public OptionalInt awaitExit(Duration timeout) {
        Run r = started();
        try {
            if (!r.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return OptionalInt.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
        r.output.close(OUTPUT_END_MILLIS);
        return OptionalInt.of(r.process.exitValue());
    }

    /**
     * Ends what is left of a process that exited by itself (descendants, contained processes) without
     * raising its exit code: for commands run to completion, whose code the caller has already judged.
     */
    public void cleanUp() {
        lifecycle.lock();
        try {
            exitReported = true;
            stop();
        } finally {
            lifecycle.unlock();
        }
    }

    /** @return whether the launched process, or anything of its tree (a daemon it forked), is alive */
    public boolean isAlive() {
        Run r = run;
        return r != null && r.alive();
    }

    /**
     * @return the pid of the launched command (the session and group leader; the launcher exec'd it)
     * @throws IllegalStateException when it was never started
     */
    public long pid() {
        return started().process.pid();
    }

    /** @return the last lines of output (at most 20), oldest first; lines over 1000 characters are cut */
    public List<String> lastLines() {
        Run r = run;
        return r == null ? List.of() : r.output.tail().lines();
    }

    /**
     * @return CPU time (user + system) the process tree of the current or last run has used, in ns; 0 before
     *         the first start. Under {@link Containment#CGROUP} it counts every process that ran in it, exited ones
     *         included, to µs precision; under {@link Containment#MARKER} the live tree's processes and the children
     *         they waited for, to 10 ms precision, and what was read last once the tree is gone
     */
    public long cpuTimeNanos() {
        Run r = run;
        return r == null ? 0 : r.cpuTimeNanos();
    }

    /** @return the containment of the current or last run; before the first, the one it will get */
    public Containment containment() {
        Run r = run;
        if (r != null) {
            return r.containment();
        }
        return spec.containment() != null ? spec.containment() : Containment.available();
    }

    /** Stops the tree with the spec's stop signal (TERM unless it says otherwise). See {@link #stop(Signal)}. */
    public StopResult stop() {
        return stop(spec.stopSignal());
    }

    /**
     * Stops the whole tree: {@code signal} to the process group (and to members that left it), up to the
     * grace period for the tree to go, then KILL to everything contained; then checks the ports are free.
     * Returns at once when never started.
     *
     * @return how it ended; {@code escalated()} says KILL had to follow
     * @throws ProcessExitedException  once, when the process had exited on its own with a non-zero code,
     *                                 or exited with a code not expected on stop
     * @throws StopEscalatedException  once, when KILL had to follow and the spec requires a graceful stop
     * @throws HarnessException        when a process of the tree survives KILL or a port stays taken
     */
    public StopResult stop(Signal signal) {
        return end(signal, false, true);
    }

    /** Sends KILL to every process of the tree at once: {@link #kill(Signal) kill(Signal.KILL)}. */
    public StopResult kill() {
        return kill(Signal.KILL);
    }

    /**
     * Sends {@code signal} to every process of the tree at once (like mirakuru's {@code kill(sig)}), waits
     * up to the grace period for the tree to go, then KILLs what is left. The exit code is not judged: a
     * kill expects the process to die. Returns at once when never started.
     *
     * @return how it ended
     * @throws HarnessException when a process of the tree survives KILL or a port stays taken
     */
    public StopResult kill(Signal signal) {
        return end(signal, true, false);
    }

    private StopResult end(Signal signal, boolean everyProcess, boolean judge) {
        lifecycle.lock();
        try {
            Run r = run;
            if (r == null) {
                return StopResult.nothingToStop(signal);
            }
            boolean exitedOnItsOwn = !r.process.isAlive();
            long t0 = System.nanoTime();
            TreeTerminator.Outcome outcome;
            try {
                outcome = TreeTerminator.terminate(spec, r, signal, spec.stopGrace(), everyProcess);
            } finally {
                finish(r, OUTPUT_END_MILLIS);
            }
            int code = TreeTerminator.waitFor(r.process);
            StopResult result = new StopResult(signal, code, outcome.escalated(), Duration.ofNanos(System.nanoTime() - t0));
            if (exitReported) {
                return result;
            }
            exitReported = true;
            if (!judge) {
                return result;
            }
            result.judge(spec, exitedOnItsOwn, outcome.why(), r.output.tail().lines());
            return result;
        } finally {
            lifecycle.unlock();
        }
    }

    /** Stops and starts again, waiting for readiness. */
    public ManagedProcess restart() {
        lifecycle.lock();
        try {
            stop();
            return start();
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Stops the process now and starts it again when the returned handle is closed, even when the block
     * in between throws: {@code try (var down = server.stopped()) { ... }}.
     */
    public Stopped stopped() {
        stop();
        return this::start;
    }

    /** What {@link #stopped()} returns: closing it starts the process again. */
    @FunctionalInterface
    public interface Stopped extends AutoCloseable {
        @Override
        void close();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** @return the current or last run, or null */
    Run run() {
        return run;
    }

    private Run started() {
        Run r = run;
        if (r == null) {
            throw new IllegalStateException(name() + " was never started");
        }
        return r;
    }

    /** After the tree is gone: no longer live, output read to its end, cgroup removed (its CPU time kept). */
    private static void finish(Run r, long outputMillis) {
        LiveProcesses.removeRun(r);
        r.output.close(outputMillis);
        if (r.cgroup != null && r.cgroup.pids().isEmpty()) {
            r.cgroup.remove();
        }
    }

    private void stopQuietly(Run r) {
        try {
            TreeTerminator.terminate(spec, r, spec.stopSignal(), spec.stopGrace(), false);
        } catch (RuntimeException e) {
            // the start-up failure is the error to report
        } finally {
            finish(r, 500);
        }
    }

    /**
     * Stops every process still running in this JVM, newest first, without raising their exit codes:
     * the JVM shutdown hook, and the CLI on SIGINT/SIGTERM. A start in progress elsewhere is not
     * waited for beyond a second: its tree is stopped from here.
     */
    public static void stopAllLive() {
        LiveProcesses.stopAll();
    }

    /** Stops this process from another thread than the one that may be starting it: see {@link #stopAllLive()}. */
    void stopFromElsewhere() {
        boolean locked;
        try {
            locked = lifecycle.tryLock(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (locked) {
            try {
                exitReported = true;
                stop();
            } finally {
                lifecycle.unlock();
            }
        } else if (run != null) {
            // awaitReady() holds the lock; it fails once the tree is gone
            Run r = run;
            TreeTerminator.terminate(spec, r, spec.stopSignal(), spec.stopGrace(), false);
            LiveProcesses.remove(this);
        }
    }

    @Override
    public String toString() {
        Run r = run;
        return name() + (r != null ? "[pid " + r.process.pid() + "]" : "[not started]");
    }
}
