package io.perfharness.harness.process;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.probe.ReadinessProbe;

/**
 * What to run and how: the command, its environment and directory, how to tell it is ready, how to
 * stop it and where its output goes. Immutable; copies are made with {@link #toBuilder()}.
 *
 * <pre>{@code
 * ProcessSpec nginx = ProcessSpec.builder("nginx")
 *         .command("nginx -g 'daemon off;' -c /etc/nginx/bench.conf")
 *         .readiness(Probes.tcp("127.0.0.1", 8080))
 *         .stopSignal(Signal.QUIT)          // nginx's graceful stop
 *         .stopGrace(Duration.ofSeconds(10))
 *         .build();
 * try (ManagedProcess p = ManagedProcess.of(nginx).start()) { ... }
 * }</pre>
 *
 * @param name                the name output lines are prefixed with and messages use; not blank
 * @param command             the argument vector; no shell is involved
 * @param cwd                 working directory, or null for the harness's own
 * @param env                 variables added to (or, when not {@code inheritEnv}, replacing) the parent's environment
 * @param inheritEnv          whether the parent's environment is passed on
 * @param readiness           how to tell the process is ready
 * @param ports               endpoints besides the probe's that the process listens on: refused when taken before
 *                            start, checked free after stop
 * @param startupTimeout      how long {@link ManagedProcess#start()} waits for readiness; positive
 * @param stopSignal          what {@link ManagedProcess#stop()} sends first
 * @param stopGrace           how long a stop waits after the first signal before KILL; not negative
 * @param expectedExitCodes   exit codes accepted on stop; empty for the default: 0, 128 + the signal, and 137
 *                            after escalation to KILL
 * @param portWait            how long start waits for taken ports to become free, or null to refuse them at once
 * @param console             where output lines are shown (they are kept for errors and logged either way)
 * @param logFile             a file that receives every output line, or null
 * @param requireGracefulStop whether a stop that had to escalate to KILL throws {@link StopEscalatedException}
 *                            instead of returning a {@link StopResult} with {@code escalated()} true
 * @param containment         how the tree is held together, or null for {@link Containment#available()}
 */
public record ProcessSpec(String name, List<String> command, Path cwd, Map<String, String> env, boolean inheritEnv,
                          ReadinessProbe readiness, List<InetSocketAddress> ports, Duration startupTimeout,
                          Signal stopSignal, Duration stopGrace, Set<Integer> expectedExitCodes, Duration portWait,
                          Console console, Path logFile, boolean requireGracefulStop, Containment containment) {

    /** @throws IllegalArgumentException when a value is out of range; see the component descriptions */
    public ProcessSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("process name is blank");
        }
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException(name + ": no command");
        }
        command = List.copyOf(command);
        env = Map.copyOf(env);
        Objects.requireNonNull(readiness, "readiness");
        ports = List.copyOf(ports);
        positive(name, "startupTimeout", startupTimeout);
        Objects.requireNonNull(stopSignal, "stopSignal");
        if (Objects.requireNonNull(stopGrace, "stopGrace").isNegative()) {
            throw new IllegalArgumentException(name + ": stopGrace must not be negative, got " + stopGrace);
        }
        expectedExitCodes = Set.copyOf(expectedExitCodes);
        if (portWait != null && portWait.isNegative()) {
            throw new IllegalArgumentException(name + ": awaitPortsFree must not be negative, got " + portWait);
        }
        Objects.requireNonNull(console, "console");
    }

    private static void positive(String name, String what, Duration d) {
        if (Objects.requireNonNull(d, what).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + what + " must be positive, got " + d);
        }
    }

    /** @return a builder with every setting at its default; only the command must be given */
    public static Builder<ProcessSpec> builder(String name) {
        return new Builder<>(name, Function.identity());
    }

    /** @return a builder holding this spec's settings */
    public Builder<ProcessSpec> toBuilder() {
        return new Builder<>(this, Function.identity());
    }

    /** @return the probe's endpoints and {@link #ports()}, without duplicates */
    public List<InetSocketAddress> allPorts() {
        Set<InetSocketAddress> all = new LinkedHashSet<>(readiness.ports());
        all.addAll(ports);
        return List.copyOf(all);
    }

    /**
     * @return whether {@code code} is an expected exit code after stopping with {@code signal}
     * @param escalated whether KILL had to follow
     */
    boolean expectedOnStop(int code, Signal signal, boolean escalated) {
        if (!expectedExitCodes.isEmpty()) {
            return expectedExitCodes.contains(code);
        }
        return code == 0 || code == signal.exitCode() || (escalated && code == Signal.KILL.exitCode());
    }

    String expectedDescription(Signal signal) {
        return !expectedExitCodes.isEmpty() ? expectedExitCodes.toString() : "0 or " + signal.exitCode();
    }

    /**
     * Collects the settings of a {@link ProcessSpec}; {@link #build()} makes a spec
     * ({@link ProcessSpec#builder}) or a process ready to start ({@link ManagedProcess#builder}).
     *
     * @param <R> what {@link #build()} returns
     */
    public static final class Builder<R> {
        private final Function<ProcessSpec, R> finish;
        private final String name;
        private List<String> command;
        private Path cwd;
        private final Map<String, String> env = new HashMap<>();
        private boolean inheritEnv = true;
        private ReadinessProbe readiness = Probes.none();
        private final List<InetSocketAddress> ports = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(30);
        private Signal stopSignal = Signal.TERM;
        private Duration stopGrace = Duration.ofSeconds(5);
        private Set<Integer> expectedExitCodes = Set.of();
        private Duration portWait;
        private Console console = Console.silent();
        private Path logFile;
        private boolean requireGracefulStop;
        private Containment containment;

        Builder(String name, Function<ProcessSpec, R> finish) {
            this.name = Objects.requireNonNull(name, "name");
            this.finish = finish;
        }

        Builder(ProcessSpec s, Function<ProcessSpec, R> finish) {
            this(s.name, finish);
            command = s.command;
            cwd = s.cwd;
            env.putAll(s.env);
            inheritEnv = s.inheritEnv;
            readiness = s.readiness;
            ports.addAll(s.ports);
            startupTimeout = s.startupTimeout;
            stopSignal = s.stopSignal;
            stopGrace = s.stopGrace;
            expectedExitCodes = s.expectedExitCodes;
            portWait = s.portWait;
            console = s.console;
            logFile = s.logFile;
            requireGracefulStop = s.requireGracefulStop;
            containment = s.containment;
        }

        /** The command as an argument vector; no shell is involved. */
        public Builder<R> command(List<String> argv) {
            if (argv.isEmpty()) {
                throw new IllegalArgumentException(name + ": command is empty");
            }
            this.command = List.copyOf(argv);
            return this;
        }

        /** The command as one string, split by {@link CommandLine#split} (quotes respected) but never run through a shell. */
        public Builder<R> command(String commandLine) {
            return command(CommandLine.split(commandLine));
        }

        /** Working directory; the harness's own by default. */
        public Builder<R> cwd(Path cwd) {
            this.cwd = cwd;
            return this;
        }

        /** Adds environment variables (to the parent's, unless {@link #inheritEnv(boolean)} is false). */
        public Builder<R> env(Map<String, String> env) {
            this.env.putAll(env);
            return this;
        }

        /** Whether the parent's environment is passed on (default true); false replaces it with {@link #env}. */
        public Builder<R> inheritEnv(boolean inherit) {
            this.inheritEnv = inherit;
            return this;
        }

        /** How to tell the process is ready; {@link Probes#none()} (ready at once) by default. */
        public Builder<R> readiness(ReadinessProbe probe) {
            this.readiness = Objects.requireNonNull(probe);
            return this;
        }

        /** Adds an endpoint the process listens on besides the probe's: refused when taken before start, checked free after stop. */
        public Builder<R> port(String host, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(name + ": port must be in 1..65535, got " + port);
            }
            this.ports.add(InetSocketAddress.createUnresolved(host, port));
            return this;
        }

        /** How long start waits for readiness; default 30 s. */
        public Builder<R> startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** How long a stop waits after the first signal before KILL; default 5 s. */
        public Builder<R> stopGrace(Duration grace) {
            this.stopGrace = Objects.requireNonNull(grace);
            return this;
        }

        /**
         * The signal {@link ManagedProcess#stop()} and {@link ManagedProcess#close()} send first; TERM by
         * default. For servers that shut down cleanly only on another one (INT for many dev servers, QUIT for nginx).
         */
        public Builder<R> stopSignal(Signal signal) {
            this.stopSignal = Objects.requireNonNull(signal);
            return this;
        }

        /** Exit codes accepted on stop; by default 0 and 128 + the stop signal (and 137 after escalation). */
        public Builder<R> expectedExitCodes(Set<Integer> codes) {
            this.expectedExitCodes = codes == null ? Set.of() : Set.copyOf(codes);
            return this;
        }

        /**
         * Before start, waits up to {@code timeout} for the ports to become free instead of refusing at
         * once: for a server of the previous run that is still going away. Free means a server could bind
         * it (SO_REUSEADDR), so connections left in TIME_WAIT do not count; a live holder does. When the
         * time is up, start throws {@link PortInUseException} naming the holder.
         */
        public Builder<R> awaitPortsFree(Duration timeout) {
            this.portWait = Objects.requireNonNull(timeout);
            return this;
        }

        /** Where output lines are shown; silent by default (still logged and kept for errors). */
        public Builder<R> console(Console console) {
            this.console = Objects.requireNonNull(console);
            return this;
        }

        /** A file that receives every output line. */
        public Builder<R> logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Whether a stop that had to escalate to KILL throws {@link StopEscalatedException}; default false (it is in the {@link StopResult}). */
        public Builder<R> requireGracefulStop(boolean required) {
            this.requireGracefulStop = required;
            return this;
        }

        /** Which containment to use; by default {@link Containment#available()}. Asking for CGROUP where there is none fails at start. */
        public Builder<R> containment(Containment containment) {
            this.containment = containment;
            return this;
        }

        /** @throws IllegalArgumentException when the command is missing or a value is out of range */
        public R build() {
            return finish.apply(new ProcessSpec(name, command, cwd, env, inheritEnv, readiness, ports, startupTimeout,
                    stopSignal, stopGrace, expectedExitCodes, portWait, console, logFile, requireGracefulStop, containment));
        }
    }
}
