package io.perfharness.app.ab;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.perfharness.app.scenario.ScenarioException;
import io.perfharness.app.scenario.ScenarioLoader;
import io.perfharness.harness.process.Console;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

/**
 * Builds and runs one side: each measured run is that side's {@code perfharness run SCENARIO STEP -q
 * --output none --report FILE} in a process of its own (so every run has a fresh service and a fresh load
 * generator), managed by the harness so that it and everything it started are stopped whatever happens.
 */
final class SideRunner {
    /** The main class of this perfharness, run as {@code java -cp CLASSPATH MAIN} for {@link AbSettings.Launcher#THIS}. */
    private static final String MAIN = "io.perfharness.app.cli.Main";
    /** The launcher's JVM flags (see ./perfharness), used when PERFHARNESS_JAVA_OPTS is not set. */
    private static final String JAVA_OPTS = "-XX:+UseParallelGC -Xss512k -XX:TieredStopAtLevel=1"
            + " -XX:Tier3BackEdgeThreshold=2000 -Dio.netty.leakDetection.level=disabled";
    /** A run that takes longer than this is stuck. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

    private final Side side;
    private final AbSettings settings;
    private final List<String> perfharness;

    SideRunner(Side side, AbSettings settings) {
        this.side = side;
        this.settings = settings;
        Path own = side.dir().resolve("perfharness");
        this.perfharness = settings.launcher() == AbSettings.Launcher.SIDE && Files.isExecutable(own)
                ? List.of(own.toString()) : thisPerfharness();
    }

    Side side() {
        return side;
    }

    /** A side's build command (argv) and the directory it runs in. */
    record Build(List<String> command, Path dir) {
    }

    /** @return how the side's perfharness is run, for the output */
    String launcher() {
        return perfharness.size() == 1 ? perfharness.get(0) : "this perfharness (" + MAIN + ")";
    }

    /**
     * The side's build: the {@code --build} command (a shell command, in the side's checkout) if given, else
     * the side's own scenario file's {@code build} (in that file's directory), else none.
     *
     * @return the command and the directory it runs in, or empty when the side has nothing to build
     * @throws AbRunFailedException when the side's scenario file cannot be read
     */
    Optional<Build> buildCommand() {
        if (settings.build() != null) {
            return Optional.of(new Build(List.of("sh", "-c", settings.build()), side.dir()));
        }
        Path file = side.dir().resolve(settings.scenario());
        List<String> declared;
        try {
            declared = ScenarioLoader.load(file).build();
        } catch (ScenarioException e) {
            throw new AbRunFailedException(side.name() + " (" + side.label() + "): " + e.getMessage(), List.of());
        }
        return declared.isEmpty() ? Optional.empty()
                : Optional.of(new Build(declared, file.toAbsolutePath().getParent()));
    }

    /**
     * Builds the side: {@code command} (its {@link #buildCommand()}) if any, then, for a side's own launcher,
     * its jar ({@code ./perfharness --version} builds it when stale).
     *
     * @throws AbRunFailedException when a build command fails
     */
    void build(Optional<Build> command, Path logs) {
        if (command.isPresent()) {
            execute("build", command.get().command(), command.get().dir(), logs.resolve(side.name() + "-build.log"),
                    BUILD_TIMEOUT);
        }
        if (perfharness.size() == 1) {
            List<String> cmd = new ArrayList<>(perfharness);
            cmd.add("--version");
            execute("build of its perfharness", cmd, side.dir(), logs.resolve(side.name() + "-perfharness-build.log"),
                    BUILD_TIMEOUT);
        }
    }

    /**
     * One measured run, its report written to {@code report}.
     *
     * @throws AbRunFailedException when the run fails or writes no report
     */
    RunReport run(int number, Path report, Path logs) {
        List<String> cmd = new ArrayList<>(perfharness);
        cmd.addAll(List.of("run", side.dir().resolve(settings.scenario()).toString(), settings.step(), "-q",
                "--output", "none", "--report", report.toString(), "--results", logs.resolve("run").toString()));
        cmd.addAll(settings.runOptions());
        Path log = logs.resolve(String.format("%s-%02d.log", side.name(), number));
        // exit 1 is the scenario's own gates failing: the report is written and is what ab compares
        int code = execute("run " + number, cmd, side.dir(), log, RUN_TIMEOUT);
        if (code > 1 || !Files.isRegularFile(report)) {
            throw new AbRunFailedException(side.name() + " (" + side.label() + ") run " + number + " exited with " + code
                    + " and wrote no report; log: " + log, tail(log));
        }
        return ReportFiles.read(report);
    }

    /** @return the exit code, 0 or 1 (anything else throws) */
    private int execute(String what, List<String> cmd, Path cwd, Path log, Duration timeout) {
        ManagedProcess p = ManagedProcess.builder(side.name() + "-" + what.replace(' ', '-'))
                .command(cmd)
                .cwd(cwd)
                .env(Map.of("PERFHARNESS_HOME", side.dir().toString()))
                .console(Console.silent())
                .logFile(log)
                .stopGrace(Duration.ofSeconds(10))
                .build();
        p.start();
        OptionalInt code;
        try {
            code = p.awaitExit(timeout);
        } finally {
            p.cleanUp(); // whatever it left (a service of a run that died) is stopped
        }
        if (code.isEmpty()) {
            throw new AbRunFailedException(side.name() + " (" + side.label() + ") " + what + " did not finish within "
                    + timeout.toMinutes() + " min; log: " + log, p.lastLines());
        }
        if (code.getAsInt() > 1 || (code.getAsInt() == 1 && !what.startsWith("run"))) {
            throw new AbRunFailedException(side.name() + " (" + side.label() + ") " + what + " exited with "
                    + code.getAsInt() + " (" + launcher() + "); log: " + log, p.lastLines());
        }
        return code.getAsInt();
    }

    private static List<String> tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 8), lines.size());
        } catch (Exception e) {
            return List.of();
        }
    }

    /** This JVM's java, its launcher flags and classpath, and the CLI's main class. */
    private static List<String> thisPerfharness() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String opts = System.getenv("PERFHARNESS_JAVA_OPTS");
        for (String o : (opts == null ? JAVA_OPTS : opts).trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.add("-cp");
        cmd.add(ManagementFactory.getRuntimeMXBean().getClassPath());
        cmd.add(MAIN);
        return cmd;
    }
}
