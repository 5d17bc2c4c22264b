package io.perfharness.harness.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.commons.exec.CommandLine;

import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.probe.ProbeTarget;
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
 * <pre>{@code
 * try (ManagedProcess server = ManagedProcess.builder("web")
 *         .command("python3 -m http.server 8080 --bind 127.0.0.1")
 *         .readiness(Probes.tcp("127.0.0.1", 8080))
 *         .build()
 *         .start()) {
 *     // load it
 * }
 * }</pre>
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Set<ManagedProcess> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ManagedProcess::stopAllLive, "perfharness-stop-all"));
    }

    private final String name;
    private final List<String> argv;
    private final Path cwd;
    private final Map<String, String> env;
    private final boolean inheritEnv;
    private final ReadinessProbe readiness;
    private final Duration startupTimeout;
    private final Duration stopGrace;
    private final Set<Integer> expectedExitCodes;
    private final Console console;
    private final Path logFile;

    private Process process;
    private String marker;
    private ProcessOutput output;
    private boolean exitReported;
    private Signal lastStopSignal = Signal.TERM;

    private ManagedProcess(Builder b) {
        this.name = b.name;
        this.argv = List.copyOf(b.argv);
        this.cwd = b.cwd;
        this.env = Map.copyOf(b.env);
        this.inheritEnv = b.inheritEnv;
        this.readiness = b.readiness;
        this.startupTimeout = b.startupTimeout;
        this.stopGrace = b.stopGrace;
        this.expectedExitCodes = b.expectedExitCodes == null ? null : Set.copyOf(b.expectedExitCodes);
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
     * @throws PortInUseException         when a port the probe watches already accepts connections
     * @throws ProcessExitedException     when the process exits during start-up (it fails within ms)
     * @throws ReadinessTimeoutException  when the start-up timeout passes; the tree has been stopped
     * @throws HarnessException           when the command cannot be run
     */
    public synchronized ManagedProcess start() {
        if (running()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        refuseTakenPorts();
        marker = UUID.randomUUID().toString();
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
        pb.environment().put(ProcessTree.MARKER_VARIABLE, marker);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        output = new ProcessOutput(name, console, logFile);
        exitReported = false;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new HarnessException("cannot start " + name + " (" + String.join(" ", argv) + ")"
                    + (cwd != null ? " in " + cwd : "") + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // stdin is not used
        }
        LIVE.add(this);
        ProbeTarget target = new ProbeTarget() {
            @Override
            public void addOutputListener(Consumer<String> listener) {
                output.addListener(listener);
            }

            @Override
            public void removeOutputListener(Consumer<String> listener) {
                output.removeListener(listener);
            }
        };
        ReadinessProbe.Attempt attempt = readiness.begin(target);
        output.drain(process.getInputStream(), process.getErrorStream());
        try {
            awaitReady(attempt);
        } catch (RuntimeException e) {
            exitReported = true;
            stopQuietly();
            throw e;
        } finally {
            attempt.close();
        }
        return this;
    }

    private void refuseTakenPorts() {
        for (InetSocketAddress a : readiness.ports()) {
            if (PortOwners.accepting(a.getHostString(), a.getPort())) {
                throw new PortInUseException(name, a.getHostString(), a.getPort(), PortOwners.listener(a.getPort()));
            }
        }
    }

    /** Polls every 1 ms at first, backing off to {@link #MAX_POLL_MILLIS}: readiness is seen within a few ms. */
    static final long MAX_POLL_MILLIS = 8;

    private void awaitReady(ReadinessProbe.Attempt attempt) {
        long start = System.nanoTime();
        long deadline = start + startupTimeout.toNanos();
        long sleepMicros = 500;
        boolean exitedZero = false;
        while (true) {
            long left = deadline - System.nanoTime();
            if (attempt.ready(Duration.ofNanos(Math.max(0, left)))) {
                return;
            }
            if (!process.isAlive() && !exitedZero) {
                int code = exitCode();
                if (code != 0) {
                    throw new ProcessExitedException(name, code, "during start-up, before " + readiness.description(),
                            tailAfterExit());
                }
                if (!readiness.survivesExit() || ProcessTree.withMarker(marker).isEmpty()) {
                    throw new ProcessExitedException(name, 0, "before it was ready: nothing it started is left "
                            + "to satisfy " + readiness.description(), tailAfterExit());
                }
                exitedZero = true; // a daemonising parent: its child carries the marker on
            }
            if (exitedZero && ProcessTree.withMarker(marker).isEmpty()) {
                throw new ProcessExitedException(name, 0, "and every process it started has exited, before "
                        + readiness.description(), tailAfterExit());
            }
            left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ReadinessTimeoutException(name, readiness.description(), startupTimeout,
                        attempt.lastSeen(), output.tail().lines());
            }
            try {
                Thread.sleep(Math.min(sleepMicros, left / 1000) / 1000, (int) (Math.min(sleepMicros, left / 1000) % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while waiting for " + name + " to be ready");
            }
            sleepMicros = Math.min(sleepMicros * 2, MAX_POLL_MILLIS * 1000);
        }
    }

    private List<String> tailAfterExit() {
        output.close(500);
        return output.tail().lines();
    }

    private int exitCode() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Waits for the launched process to exit by itself.
     *
     * @return its exit code, or empty when {@code timeout} passed first (it is still running)
     */
    public OptionalInt awaitExit(Duration timeout) {
        Process p;
        synchronized (this) {
            if (process == null) {
                throw new IllegalStateException(name + " was never started");
            }
            p = process;
        }
        try {
            if (!p.waitFor(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                return OptionalInt.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
        synchronized (this) {
            output.close(1000);
        }
        return OptionalInt.of(p.exitValue());
    }

    /**
     * Ends what is left of a process that exited by itself (descendants, marked processes) without
     * raising its exit code: for commands run to completion, whose code the caller has already judged.
     */
    public synchronized void cleanUp() {
        exitReported = true;
        stop();
    }

    /** @return whether the process (or, for a daemon, anything carrying its marker) is alive */
    public synchronized boolean running() {
        if (process == null) {
            return false;
        }
        return process.isAlive() || !ProcessTree.withMarker(marker).isEmpty();
    }

    /** @return the pid of the launched process (the session and group leader) */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** @return the last lines of output, oldest first */
    public synchronized List<String> lastLines() {
        return output == null ? List.of() : output.tail().lines();
    }

    /** Stops the tree with TERM, then KILL after the grace period. See {@link #stop(Signal)}. */
    public ManagedProcess stop() {
        return stop(Signal.TERM);
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
    public synchronized ManagedProcess stop(Signal signal) {
        if (process == null) {
            return this;
        }
        boolean exitedOnItsOwn = !process.isAlive();
        lastStopSignal = signal;
        boolean escalated = terminateTree(signal);
        LIVE.remove(this);
        output.close(1000);
        int code = exitCode();
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
    public synchronized ManagedProcess restart() {
        stop();
        return start();
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

    @Override
    public void close() {
        stop();
    }

    /** @return true when it had to escalate to KILL */
    private boolean terminateTree(Signal signal) {
        long pgid = process.pid();
        Set<Long> known = new LinkedHashSet<>(ProcessTree.snapshot(process.toHandle()));
        known.addAll(ProcessTree.withMarker(marker));
        boolean escalated = false;
        if (!known.isEmpty()) {
            ProcessTree.signalGroup(pgid, signal);
            for (long pid : known) {
                ProcessTree.signal(pid, signal); // members that left the group (setsid, daemons)
            }
            List<Long> survivors = signal == Signal.KILL ? List.copyOf(known)
                    : ProcessTree.awaitGone(known, stopGrace.toMillis());
            List<Long> marked = ProcessTree.withMarker(marker);
            if (!survivors.isEmpty() || !marked.isEmpty()) {
                escalated = signal != Signal.KILL;
                ProcessTree.signalGroup(pgid, Signal.KILL);
                Set<Long> rest = new LinkedHashSet<>(survivors);
                rest.addAll(marked);
                for (long pid : rest) {
                    ProcessTree.signal(pid, Signal.KILL);
                }
                List<Long> undead = ProcessTree.awaitGone(rest, 2000);
                undead.addAll(ProcessTree.withMarker(marker));
                if (!undead.isEmpty()) {
                    throw new HarnessException(name + ": processes " + undead + " survived KILL");
                }
            }
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            terminateTree(Signal.TERM);
        } catch (RuntimeException e) {
            // the start-up failure is the error to report
        } finally {
            LIVE.remove(this);
            output.close(500);
        }
    }

    /** Stops every process still running in this JVM, newest first: the JVM shutdown hook. */
    public static void stopAllLive() {
        List<ManagedProcess> all = new ArrayList<>(LIVE);
        java.util.Collections.reverse(all);
        for (ManagedProcess p : all) {
            try {
                p.exitReported = true;
                p.stop();
            } catch (RuntimeException e) {
                System.err.println("perfharness: stopping " + p.name + ": " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return name + (process != null ? "[pid " + process.pid() + "]" : "[not started]");
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
        private Set<Integer> expectedExitCodes;
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

        public Builder readiness(ReadinessProbe probe) {
            this.readiness = Objects.requireNonNull(probe);
            return this;
        }

        /** How long {@link #start()} waits for readiness; default 30 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** How long {@link #stop()} waits after the first signal before KILL; default 5 s. */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = grace;
            return this;
        }

        /** Exit codes accepted on stop; default 0 and 128 + the stop signal (and 137 after escalation). */
        public Builder expectedExitCodes(Set<Integer> codes) {
            this.expectedExitCodes = codes;
            return this;
        }

        /** Where output lines are shown; silent by default (still logged and kept for errors). */
        public Builder console(Console console) {
            this.console = console;
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

        /** Splits a command line like a shell would (quotes, no expansion), using commons-exec. */
        public static List<String> split(String commandLine) {
            if (commandLine == null || commandLine.isBlank()) {
                throw new IllegalArgumentException("command is empty");
            }
            CommandLine cl = CommandLine.parse(commandLine);
            List<String> out = new ArrayList<>();
            out.add(cl.getExecutable());
            for (String a : cl.getArguments()) {
                out.add(unquote(a));
            }
            return out;
        }

        private static String unquote(String a) {
            if (a.length() >= 2 && (a.startsWith("\"") && a.endsWith("\"") || a.startsWith("'") && a.endsWith("'"))) {
                return a.substring(1, a.length() - 1);
            }
            return a;
        }
    }
}
