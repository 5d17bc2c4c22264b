package io.perfharness.harness.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.perfharness.harness.probe.ProbeTarget;
import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.probe.ReadinessProbe;

/**
 * A process the harness starts, waits for, and stops with its whole tree.
 *
 * <p>The process runs in its own session and process group (launched through {@code setsid}) and
 * carries a unique marker in its environment ({@link ProcessTree#MARKER_VARIABLE}), inherited by every
 * descendant. {@link #stop()} signals the group, waits the grace period, then kills the group, the
 * descendants seen before, and every process that still carries the marker — which finds
 * double-forked daemons and re-parented workers too. Processes are never found by name.
 *
 * <p>Every process also carries this JVM's id ({@link ProcessTree#OWNER_VARIABLE}). A JVM shutdown hook
 * stops what is still running on a normal exit or SIGINT/SIGTERM; if the JVM is killed outright, a
 * watchdog started with the first process KILLs everything carrying that id within a second.
 *
 * <pre>{@code
 * try (ManagedProcess server = ManagedProcess.builder("web")
 *         .command("python3 -m http.server 8080 --bind 127.0.0.1")
 *         .readiness(Probes.tcp("127.0.0.1", 8080))
 *         .build()
 *         .start()) {
 *     // load it
 * }
 * }</pre>
 *
 * <p>Thread-safety: {@link #start()}, {@link #stop()} and the other lifecycle methods exclude each
 * other; {@link #running()}, {@link #pid()} and {@link #lastLines()} never wait for them.
 */
public final class ManagedProcess implements AutoCloseable {

    /** The first readiness poll comes 0.5 ms after launch; the interval doubles up to {@link #MAX_POLL_MILLIS}. */
    static final long FIRST_POLL_MICROS = 500;
    /**
     * Longest interval between readiness polls, in ms. Measured on 2 loaded cores (bench/harness/measure.sh):
     * with 4 ms, start() returns a median 2.3 ms after the port opens and polling costs a few % of a core;
     * with 8 ms, 3 to 6 ms.
     */
    static final long MAX_POLL_MILLIS = 4;
    /** How often, in ms, a daemonised process's marker is looked for in /proc while waiting. */
    private static final long MARKER_SCAN_MILLIS = 100;
    /**
     * How long, in ms, the last output is awaited once the process has exited during start-up: enough
     * for the pipe to be read to its end, short enough to fail fast when a leftover child holds it open.
     */
    private static final long EXIT_DRAIN_MILLIS = 150;
    /** How often, in ms, a taken port is checked again when the builder said to wait for it. */
    private static final long PORT_WAIT_POLL_MILLIS = 50;

    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean shuttingDown;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown = true;
            stopAllLive();
        }, "perfharness-stop-all"));
    }

    private final String name;
    private final List<String> argv;
    private final Path cwd;
    private final Map<String, String> env;
    private final boolean inheritEnv;
    private final ReadinessProbe readiness;
    private final Duration startupTimeout;
    private final Duration stopGrace;
    private final Signal stopSignal;
    private final Set<Integer> expectedExitCodes;
    private final Duration portWait;
    private final Console console;
    private final Path logFile;

    /** Held by start, stop and the other lifecycle methods. */
    private final ReentrantLock lifecycle = new ReentrantLock();
    // the current run: written under the lifecycle lock, read by any thread
    private volatile Process process;
    private volatile String marker;
    private volatile Instant launchedAt;
    private volatile ProcessOutput output;
    private boolean exitReported;

    private ManagedProcess(Builder b) {
        this.name = b.name;
        this.argv = List.copyOf(b.argv);
        this.cwd = b.cwd;
        this.env = Map.copyOf(b.env);
        this.inheritEnv = b.inheritEnv;
        this.readiness = b.readiness;
        this.startupTimeout = b.startupTimeout;
        this.stopGrace = b.stopGrace;
        this.stopSignal = b.stopSignal;
        this.expectedExitCodes = b.expectedExitCodes == null ? null : Set.copyOf(b.expectedExitCodes);
        this.portWait = b.portWait;
        this.console = b.console;
        this.logFile = b.logFile;
    }

    /** @param name the name output lines are prefixed with and messages use */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the process name */
    public String name() {
        return name;
    }

    /** @return the command as it is run (after {@code setsid}) */
    public List<String> command() {
        return argv;
    }

    /** @return the readiness probe */
    public ReadinessProbe readiness() {
        return readiness;
    }

    /**
     * Starts the process and blocks until its readiness probe succeeds.
     *
     * @return this
     * @throws PortInUseException         when a port the probe watches already accepts connections (after
     *                                    waiting for it, when the builder said {@code awaitPortsFree})
     * @throws AlreadyRunningException    when a pid file the probe watches holds a live pid; one holding a
     *                                    dead pid is removed, with a note in the output
     * @throws ProcessExitedException     when the process exits during start-up (it fails within ms)
     * @throws ReadinessTimeoutException  when the start-up timeout passes; the tree has been stopped
     * @throws HarnessException           when the command cannot be run
     * @throws IllegalStateException      when it is already running
     */
    public ManagedProcess start() {
        lifecycle.lock();
        try {
            if (shuttingDown) {
                throw new HarnessException("cannot start " + name + ": the JVM is shutting down");
            }
            if (running()) {
                throw new IllegalStateException(name + " is already running as pid " + process.pid());
            }
            refuseTakenPorts();
            List<String> notes = refuseLivePidFiles();
            Watchdog.ensureRunning(); // so a SIGKILLed harness leaves nothing behind
            String runMarker = UUID.randomUUID().toString();
            ProcessBuilder pb = processBuilder(runMarker);
            ProcessOutput out = new ProcessOutput(name, console, logFile);
            notes.forEach(out::note);
            // begun before launch, so an attempt that listens to output sees every line
            ReadinessProbe.Attempt attempt = readiness.begin(outputOf(out));
            Process p;
            Instant launch = Instant.now();
            try {
                p = pb.start();
            } catch (IOException | RuntimeException e) {
                attempt.close();
                out.close(0);
                throw new HarnessException("cannot start " + name + " (" + String.join(" ", argv) + ")"
                        + (cwd != null ? " in " + cwd : "") + ": " + e.getMessage(), e);
            }
            marker = runMarker;
            launchedAt = launch;
            output = out;
            process = p;
            exitReported = false;
            LIVE.add(this);
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // stdin is not used
            }
            out.drain(p.getInputStream(), p.getErrorStream());
            try {
                awaitReady(attempt, p, runMarker, out);
            } catch (RuntimeException e) {
                exitReported = true;
                boolean interrupted = Thread.interrupted(); // the clean-up's waits must not be cut short
                stopQuietly();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            } finally {
                attempt.close();
            }
            return this;
        } finally {
            lifecycle.unlock();
        }
    }

    private ProcessBuilder processBuilder(String runMarker) {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        if (!inheritEnv) {
            pb.environment().clear();
        }
        pb.environment().putAll(env);
        pb.environment().put(ProcessTree.MARKER_VARIABLE, runMarker);
        pb.environment().put(ProcessTree.OWNER_VARIABLE, ProcessTree.ownerId());
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        return pb;
    }

    private static ProbeTarget outputOf(ProcessOutput out) {
        return new ProbeTarget() {
            @Override
            public void addOutputListener(Consumer<String> listener) {
                out.addListener(listener);
            }

            @Override
            public void removeOutputListener(Consumer<String> listener) {
                out.removeListener(listener);
            }
        };
    }

    private void refuseTakenPorts() {
        for (InetSocketAddress a : readiness.ports()) {
            String host = a.getHostString();
            int port = a.getPort();
            if (portWait == null) {
                if (PortOwners.accepting(host, port)) {
                    throw new PortInUseException(name, host, port, PortOwners.listener(port));
                }
                continue;
            }
            // a connection in TIME_WAIT does not stop a server binding with SO_REUSEADDR; a live holder does
            long deadline = System.nanoTime() + portWait.toNanos();
            while (PortOwners.accepting(host, port) || !PortOwners.bindable(host, port)) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new PortInUseException(name, host, port, PortOwners.listener(port), portWait);
                }
                sleepMillis(PORT_WAIT_POLL_MILLIS);
            }
        }
    }

    /**
     * Refuses to start when a pid file the probe names holds a live pid; removes one that holds a dead
     * pid or no pid at all.
     *
     * @return notes on what was removed, for the process's output
     */
    private List<String> refuseLivePidFiles() {
        List<String> notes = new ArrayList<>();
        for (Path file : readiness.pidFiles()) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new HarnessException("cannot start " + name + ": cannot read pid file " + file + ": " + e.getMessage(), e);
            }
            long pid = parsePid(text);
            if (pid > 0 && ProcessTree.alive(pid)) {
                throw new AlreadyRunningException(name, file, pid);
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new HarnessException("cannot start " + name + ": cannot remove stale pid file " + file + ": " + e.getMessage(), e);
            }
            notes.add("removed stale pid file " + file + (pid > 0 ? " (pid " + pid + " is not running)" : " (it held '" + text + "')"));
        }
        return notes;
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return live pids in the probe's pid files that were started by this run (not a stale, reused pid) */
    private Set<Long> pidFilePids() {
        Set<Long> pids = new LinkedHashSet<>();
        Instant since = launchedAt.minusSeconds(1); // start times are in clock ticks
        for (Path file : readiness.pidFiles()) {
            long pid;
            try {
                pid = parsePid(Files.readString(file, StandardCharsets.US_ASCII).trim());
            } catch (IOException e) {
                continue;
            }
            if (pid > 0 && ProcessTree.alive(pid) && ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                    .map(started -> !started.isBefore(since)).orElse(false)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /** Removes pid files left behind by the stopped tree (a killed daemon cannot remove its own). */
    private void removeDeadPidFiles() {
        for (Path file : readiness.pidFiles()) {
            try {
                long pid = parsePid(Files.readString(file, StandardCharsets.US_ASCII).trim());
                if (pid <= 0 || !ProcessTree.alive(pid)) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // gone already, or not ours to remove
            }
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted");
        }
    }

    private void awaitReady(ReadinessProbe.Attempt attempt, Process p, String runMarker, ProcessOutput out) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        long sleepMicros = FIRST_POLL_MICROS;
        boolean daemonised = false;
        long nextMarkerScan = 0;
        while (true) {
            if (attempt.ready(timeLeft(deadline))) {
                return;
            }
            if (shuttingDown) {
                throw new HarnessException(name + ": the JVM is shutting down; gave up waiting for " + readiness.description());
            }
            if (!daemonised && !p.isAlive()) {
                int code = exitCode(p);
                if (code != 0) {
                    stopQuietly(); // what it left behind holds its pipes open: the last lines come once it is gone
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
                if (ProcessTree.withMarker(runMarker).isEmpty()) {
                    throw new ProcessExitedException(name, 0, "before it was ready, and nothing it started is left "
                            + "to satisfy " + readiness.description(), out.tail().lines());
                }
                daemonised = true; // a daemonising parent: what it forked carries the marker on
                nextMarkerScan = System.nanoTime() + MARKER_SCAN_MILLIS * 1_000_000;
            }
            if (daemonised && System.nanoTime() - nextMarkerScan >= 0) {
                if (ProcessTree.withMarker(runMarker).isEmpty()) {
                    throw new ProcessExitedException(name, 0, "and every process it started has exited, before "
                            + readiness.description(), out.tail().lines());
                }
                nextMarkerScan = System.nanoTime() + MARKER_SCAN_MILLIS * 1_000_000;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ReadinessTimeoutException(name, readiness.description(), startupTimeout,
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

    private static int exitCode(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
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
        Process p = process;
        ProcessOutput out = output;
        if (p == null) {
            throw new IllegalStateException(name + " was never started");
        }
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return OptionalInt.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
        out.close(1000);
        return OptionalInt.of(p.exitValue());
    }

    /**
     * Ends what is left of a process that exited by itself (descendants, marked processes) without
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

    /** @return whether the process (or, for a daemon, anything carrying its marker) is alive */
    public boolean running() {
        Process p = process;
        if (p == null) {
            return false;
        }
        return p.isAlive() || !ProcessTree.withMarker(marker).isEmpty();
    }

    /**
     * @return the pid of the launched process (the session and group leader)
     * @throws IllegalStateException when it was never started
     */
    public long pid() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return p.pid();
    }

    /** @return the last lines of output (at most {@link OutputTail#DEFAULT_LINES}), oldest first */
    public List<String> lastLines() {
        ProcessOutput out = output;
        return out == null ? List.of() : out.tail().lines();
    }

    /** Stops the tree with the stop signal (TERM unless the builder said otherwise). See {@link #stop(Signal)}. */
    public ManagedProcess stop() {
        return stop(stopSignal);
    }

    /**
     * Stops the whole tree: {@code signal} to the process group, up to the grace period for it to go,
     * then KILL to the group, to every descendant seen before and to everything still carrying the marker;
     * then checks the probe's ports are free. A no-op when never started or already stopped.
     *
     * @throws ProcessExitedException once, when the process had exited on its own with a non-zero code,
     *                                or exited with a code not expected on stop
     * @throws HarnessException       when a process of the tree survives KILL or a port stays taken
     */
    public ManagedProcess stop(Signal signal) {
        lifecycle.lock();
        try {
            Process p = process;
            if (p == null) {
                return this;
            }
            boolean exitedOnItsOwn = !p.isAlive();
            boolean escalated;
            try {
                escalated = terminateTree(signal);
            } finally {
                LIVE.remove(this);
                output.close(1000);
            }
            int code = exitCode(p);
            if (!exitReported) {
                exitReported = true;
                if (exitedOnItsOwn && code != 0) {
                    throw new ProcessExitedException(name, code, "on its own before it was stopped", output.tail().lines());
                }
                if (!exitedOnItsOwn && !expectedOnStop(code, signal, escalated)) {
                    throw new ProcessExitedException(name, code, "when stopped with " + signal
                            + " (expected " + expectedDescription(signal) + ")", output.tail().lines());
                }
            }
            return this;
        } finally {
            lifecycle.unlock();
        }
    }

    private boolean expectedOnStop(int code, Signal signal, boolean escalated) {
        if (expectedExitCodes != null) {
            return expectedExitCodes.contains(code);
        }
        return code == 0 || code == signal.exitCode() || (escalated && code == Signal.KILL.exitCode());
    }

    private String expectedDescription(Signal signal) {
        return expectedExitCodes != null ? expectedExitCodes.toString() : "0 or " + signal.exitCode();
    }

    /** Sends KILL to the whole tree at once, no grace period. */
    public ManagedProcess kill() {
        return stop(Signal.KILL);
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

    /** @return true when it had to escalate to KILL */
    private boolean terminateTree(Signal signal) {
        Process p = process;
        long pgid = p.pid();
        Set<Long> known = new LinkedHashSet<>(ProcessTree.snapshot(p.toHandle()));
        known.addAll(ProcessTree.withMarker(marker));
        known.addAll(pidFilePids()); // a daemon that cleared its environment is still found through its pid file
        boolean escalated = false;
        if (!known.isEmpty()) {
            // once each: a second TERM or INT means "hurry" to some servers, or meets Python's default handlers
            List<Long> leftTheGroup = known.stream().filter(pid -> ProcessTree.processGroup(pid) != pgid).toList();
            ProcessTree.signalGroup(pgid, signal);
            ProcessTree.signal(leftTheGroup, signal); // daemons, workers in their own session
            List<Long> survivors = signal == Signal.KILL ? List.copyOf(known)
                    : ProcessTree.awaitGone(known, stopGrace.toMillis());
            List<Long> marked = ProcessTree.withMarker(marker);
            if (!survivors.isEmpty() || !marked.isEmpty()) {
                escalated = signal != Signal.KILL;
                ProcessTree.signalGroup(pgid, Signal.KILL);
                Set<Long> rest = new LinkedHashSet<>(survivors);
                rest.addAll(marked);
                ProcessTree.signal(rest, Signal.KILL);
                List<Long> undead = ProcessTree.awaitGone(rest, 2000);
                undead.addAll(ProcessTree.withMarker(marker));
                if (!undead.isEmpty()) {
                    throw new HarnessException(name + ": processes " + undead + " survived KILL");
                }
            }
        }
        exitCode(p);
        removeDeadPidFiles();
        awaitPortsFree();
        return escalated;
    }

    private void awaitPortsFree() {
        for (InetSocketAddress a : readiness.ports()) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (PortOwners.accepting(a.getHostString(), a.getPort())) {
                if (System.nanoTime() > deadline) {
                    throw new HarnessException(name + " stopped, but port " + a.getPort() + " still accepts connections"
                            + PortOwners.listener(a.getPort()).stream().mapToObj(p -> " (pid " + p + ")").findFirst().orElse(""));
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void stopQuietly() {
        try {
            terminateTree(stopSignal);
        } catch (RuntimeException e) {
            // the start-up failure is the error to report
        } finally {
            LIVE.remove(this);
            output.close(500);
        }
    }

    /**
     * Stops every process still running in this JVM, newest first, without raising their exit codes:
     * the JVM shutdown hook, and the CLI on SIGINT/SIGTERM. A start in progress elsewhere is not
     * waited for beyond a second: its tree is stopped from here.
     */
    public static void stopAllLive() {
        List<ManagedProcess> all = new ArrayList<>(LIVE);
        Collections.reverse(all);
        for (ManagedProcess p : all) {
            try {
                p.stopFromElsewhere();
            } catch (RuntimeException e) {
                System.err.println("perfharness: stopping " + p.name + ": " + e.getMessage());
            }
        }
    }

    private void stopFromElsewhere() {
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
        } else if (process != null) {
            // start() is waiting for readiness and holds the lock; it fails once the tree is gone
            terminateTree(stopSignal);
            LIVE.remove(this);
        }
    }

    @Override
    public String toString() {
        Process p = process;
        return name + (p != null ? "[pid " + p.pid() + "]" : "[not started]");
    }

    /** Builds a {@link ManagedProcess}; every setting but the command has a default. */
    public static final class Builder {
        private final String name;
        private List<String> argv;
        private Path cwd;
        private final Map<String, String> env = new HashMap<>();
        private boolean inheritEnv = true;
        private ReadinessProbe readiness = Probes.none();
        private Duration startupTimeout = Duration.ofSeconds(30);
        private Duration stopGrace = Duration.ofSeconds(5);
        private Signal stopSignal = Signal.TERM;
        private Set<Integer> expectedExitCodes;
        private Duration portWait;
        private Console console = Console.silent();
        private Path logFile;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The command as an argument vector; no shell is involved. */
        public Builder command(List<String> argv) {
            if (argv.isEmpty()) {
                throw new IllegalArgumentException(name + ": command is empty");
            }
            this.argv = List.copyOf(argv);
            return this;
        }

        /** The command as one string, split like a shell would (quotes respected) but never run through one. */
        public Builder command(String commandLine) {
            return command(split(commandLine));
        }

        /** Working directory; the harness's own by default. */
        public Builder cwd(Path cwd) {
            this.cwd = cwd;
            return this;
        }

        /** Adds environment variables (to the parent's, unless {@link #inheritEnv(boolean)} is false). */
        public Builder env(Map<String, String> env) {
            this.env.putAll(env);
            return this;
        }

        /** Whether the parent's environment is passed on (default true); false replaces it with {@link #env}. */
        public Builder inheritEnv(boolean inherit) {
            this.inheritEnv = inherit;
            return this;
        }

        /** How to tell the process is ready; {@link Probes#none()} (ready at once) by default. */
        public Builder readiness(ReadinessProbe probe) {
            this.readiness = Objects.requireNonNull(probe);
            return this;
        }

        /** How long {@link #start()} waits for readiness; default 30 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** How long {@link #stop()} waits after the first signal before KILL; default 5 s. */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = Objects.requireNonNull(grace);
            return this;
        }

        /**
         * The signal {@link #stop()} and {@link #close()} send first; TERM by default. For servers that
         * shut down cleanly only on another one (INT for many dev servers, QUIT for some).
         */
        public Builder stopSignal(Signal signal) {
            this.stopSignal = Objects.requireNonNull(signal);
            return this;
        }

        /** Exit codes accepted on stop; default 0 and 128 + the stop signal (and 137 after escalation). */
        public Builder expectedExitCodes(Set<Integer> codes) {
            this.expectedExitCodes = codes;
            return this;
        }

        /**
         * Before start, waits up to {@code timeout} for the probe's ports to become free instead of refusing
         * at once: for a server of the previous run that is still going away. Free means a server could bind
         * it (SO_REUSEADDR), so connections left in TIME_WAIT do not count; a live holder does. When the
         * time is up, {@link #start()} throws {@link PortInUseException} naming the holder.
         */
        public Builder awaitPortsFree(Duration timeout) {
            this.portWait = Objects.requireNonNull(timeout);
            return this;
        }

        /** Where output lines are shown; silent by default (still logged and kept for errors). */
        public Builder console(Console console) {
            this.console = Objects.requireNonNull(console);
            return this;
        }

        /** A file that receives every output line. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public ManagedProcess build() {
            if (argv == null) {
                throw new IllegalArgumentException(name + ": no command");
            }
            return new ManagedProcess(this);
        }

        /**
         * Splits a command line into arguments like a shell would, without running one: spaces and tabs
         * separate; single or double quotes group (the quotes are removed, the other kind inside is kept);
         * no escapes, variables or globs — commons-exec's {@code CommandLine} rules, without the re-quoting
         * that makes its {@code getArguments()} mangle {@code sh -c "echo 'a b'"}.
         *
         * @throws IllegalArgumentException when the line is blank or a quote is not closed
         */
        public static List<String> split(String commandLine) {
            if (commandLine == null || commandLine.isBlank()) {
                throw new IllegalArgumentException("command is empty");
            }
            List<String> out = new ArrayList<>();
            StringBuilder arg = new StringBuilder();
            boolean inArg = false;
            char quote = 0;
            for (int i = 0; i < commandLine.length(); i++) {
                char c = commandLine.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        arg.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    inArg = true;
                } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    if (inArg) {
                        out.add(arg.toString());
                        arg.setLength(0);
                        inArg = false;
                    }
                } else {
                    arg.append(c);
                    inArg = true;
                }
            }
            if (quote != 0) {
                throw new IllegalArgumentException("unbalanced " + quote + " quote in: " + commandLine);
            }
            if (inArg) {
                out.add(arg.toString());
            }
            return out;
        }
    }
}
