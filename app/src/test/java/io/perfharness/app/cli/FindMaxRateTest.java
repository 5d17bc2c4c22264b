package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.app.maxrate.MaxRateGoal;
import io.perfharness.app.scenario.ScenarioLoader;
import io.perfharness.app.scenario.Step;
import io.perfharness.harness.NoLeaks;
import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.maxrate.MaxRateReport;
import io.perfharness.reports.maxrate.RateStep;
import picocli.CommandLine;

/**
 * {@code --find-max-rate} against {@code bench/scripts/delay_server.py}: 10 ms a request, one request at a time per
 * connection, so 4 connections carry at most 400 req/s; above that the open model's queue grows and every
 * latency percentile with it.
 * <p>
 * The searches here use a median goal ({@code p50 < 20ms}): it is decided by the capacity alone. A p99 goal is
 * also decided by the machine: on this shared 2-core machine at load average 9-11 the Python server's own
 * service time had a p99 of 400 ms at 40 req/s (stalls of its threads), so no rate met {@code p99 < 20ms} and a
 * test of it would measure the neighbours. {@code bench/scripts/max-rate.sh} measures the p99 goal, with the load
 * average beside it.
 */
class FindMaxRateTest {

    /** The server of the benchmark, from the module's folder (where the tests run). */
    static final Path DELAY_SERVER = Path.of("..", "bench", "scripts", "delay_server.py").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString(), DELAY_SERVER.toString());
    }

    private static ManagedProcess delayServer(int port) {
        return ManagedProcess.builder("delay")
                .command(List.of("python3", DELAY_SERVER.toString(), String.valueOf(port), "10"))
                .readiness(Probes.tcp("127.0.0.1", port)).build().start();
    }

    private record Out(int code, String text) {
    }

    private static Out cli(String... args) {
        StringWriter out = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        int code = cmd.execute(args);
        return new Out(code, out.toString());
    }

    private static MaxRateReport read(Path file) throws Exception {
        return ReportFiles.mapper().readValue(file.toFile(), MaxRateReport.class);
    }

    @Test
    void loadFindsTheDelayServersCapacityOfFourConnections() throws Exception {
        // 10 ms a request, 4 connections: 400 req/s at most; above it the queue, so the median, grows without bound
        int port = RunCommandTest.freePort();
        Path report = dir.resolve("best.json");
        Path markdown = dir.resolve("max-rate.md");
        Out o;
        try (ManagedProcess server = delayServer(port)) {
            o = cli("load", "http://127.0.0.1:" + port + "/", "-c", "4", "-d", "3s", "--warmup", "1s",
                    "--find-max-rate", "--slo", "p50 < 20ms", "--budget", "100s", "--report", report.toString(),
                    "--results", dir.toString(), "--markdown", markdown.toString());
        }
        assertThat(o.code()).as(o.text()).isZero();
        MaxRateReport m = read(dir.resolve("best.max-rate.json"));
        // capacity 400 req/s; a busy shared machine slows the Python server (tolerant band)
        assertThat(m.maxRate()).as(o.text()).isBetween(300.0, 440.0);
        assertThat(m.probeRate()).as("the closed-model probe carries about the capacity").isBetween(300.0, 420.0);
        assertThat(m.slo()).containsExactly("p50 < 20ms");
        assertThat(m.steps()).filteredOn(RateStep::passed).isNotEmpty()
                .allSatisfy(s -> assertThat(s.latency().p50Us()).isLessThan(20_000))
                .allSatisfy(s -> assertThat(s.dropped()).isZero());
        assertThat(m.steps()).filteredOn(s -> !s.passed()).isNotEmpty().allSatisfy(s -> assertThat(s.reasons()).isNotEmpty());
        assertThat(m.firstFailedRate()).as("a rate above the answer failed").isNotNull().isGreaterThan(m.maxRate());
        assertThat(m.steps()).filteredOn(s -> s.intendedRate() == m.firstFailedRate()).isNotEmpty().noneMatch(RateStep::passed);
        if (m.outcome() == MaxRateReport.Outcome.FOUND) {
            assertThat(m.firstFailedRate() / m.maxRate() - 1).isLessThanOrEqualTo(MaxRateGoal.DEFAULT_PRECISION + 1e-9);
        } else {
            assertThat(m.outcome()).as(o.text()).isEqualTo(MaxRateReport.Outcome.LOWER_BOUND);
        }
        RunReport best = ReportFiles.read(report);
        assertThat(best.load().rate()).as("the report is the highest passing step's").isEqualTo(m.maxRate());
        assertThat(best.latency().p50Us()).isLessThan(20_000);
        assertThat(o.text()).contains("highest rate meeting p50 < 20ms").contains("intended req/s");
        assertThat(Files.readString(markdown)).contains("### perfharness max rate").contains("| ---: |");
    }

    @Test
    void aScenarioStepSearchesAgainstItsServiceKeptUpAcrossTheSteps() throws Exception {
        int port = RunCommandTest.freePort();
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                services:
                  delay:
                    command: [python3, "%s", "%d", "10"]
                    ready: {tcp: "127.0.0.1:%d"}
                steps:
                  search:
                    services: [delay]
                    load: {url: "http://127.0.0.1:%d/", connections: 4, duration: 1s, warmup: 300ms, rate: 250}
                    findMaxRate: {slo: "p50 < 20ms, errorRate < 1%%", budget: 30s, precision: 5%%}
                """.formatted(DELAY_SERVER, port, port, port));
        Out o = cli("run", f.toString(), "--results", dir.toString(), "--output", "none", "--report",
                dir.resolve("r.json").toString());
        assertThat(o.code()).as(o.text()).isZero();
        MaxRateReport m = read(dir.resolve("r.max-rate.json"));
        assertThat(m.scenario()).isEqualTo("s");
        assertThat(m.probeRate()).as("a rate in the load is the first step's: no probe").isNull();
        assertThat(m.startRate()).isEqualTo(250.0);
        assertThat(m.slo()).containsExactly("p50 < 20ms", "errorRate < 1%");
        assertThat(m.precision()).isEqualTo(0.05);
        assertThat(m.maxRate()).as(o.text()).isBetween(250.0, 440.0);
        assertThat(o.text()).containsOnlyOnce("== search (load)");
    }

    @Test
    void noRateMeetingAnImpossibleGoalIsInconclusiveExit4() throws Exception {
        int port = RunCommandTest.freePort();
        Out o;
        try (ManagedProcess server = delayServer(port)) {
            // every response takes 10 ms: none meets p99 < 1ms, at any rate
            o = cli("load", "http://127.0.0.1:" + port + "/", "-c", "2", "-d", "500ms", "--warmup", "0", "-R", "40",
                    "--find-max-rate", "--slo", "p99 < 1ms", "--budget", "5s", "--report", dir.resolve("r.json").toString(),
                    "--results", dir.toString(), "--quiet");
        }
        assertThat(o.code()).as(o.text()).isEqualTo(ExitCodes.INCONCLUSIVE);
        MaxRateReport m = read(dir.resolve("r.max-rate.json"));
        assertThat(m.outcome()).isEqualTo(MaxRateReport.Outcome.NONE_MET);
        assertThat(m.maxRate()).isNull();
        assertThat(m.steps()).isNotEmpty().noneMatch(RateStep::passed);
        assertThat(m.steps().get(0).intendedRate()).isEqualTo(40.0);
        assertThat(m.note()).contains("budget");
        assertThat(dir.resolve("r.json")).as("no step passed: no report of one").doesNotExist();
    }

    @Test
    void noServerIsARunFailureExit3() throws Exception {
        int port = RunCommandTest.freePort();
        Out o = cli("load", "http://127.0.0.1:" + port + "/", "-c", "1", "-d", "300ms", "--warmup", "0",
                "--find-max-rate", "--slo", "p99 < 20ms", "--results", dir.toString());
        assertThat(o.code()).as(o.text()).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(o.text()).contains("connect errors");
    }

    @Test
    void badGoalsAreUsageErrorsNamingTheFlagOrField() throws Exception {
        String url = "http://127.0.0.1:9/";
        Out unit = cli("load", url, "--find-max-rate", "--slo", "p99 < 20");
        assertThat(unit.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unit.text()).contains("--slo").contains("give a unit");
        Out relative = cli("load", url, "--find-max-rate", "--slo", "vs baseline: p99 +5%");
        assertThat(relative.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(relative.text()).contains("not a comparison with a baseline");
        Out missing = cli("load", url, "--find-max-rate");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.text()).contains("--slo: missing");
        Out alone = cli("load", url, "--slo", "p99 < 20ms");
        assertThat(alone.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(alone.text()).contains("--slo belongs to --find-max-rate");
        Out budget = cli("load", url, "--find-max-rate", "--slo", "p99 < 20ms", "--budget", "soon");
        assertThat(budget.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(budget.text()).contains("--budget").contains("not a duration");
        Out repeat = cli("load", url, "--find-max-rate", "--slo", "p99 < 20ms", "--repeat", "2");
        assertThat(repeat.code()).isEqualTo(ExitCodes.USAGE);

        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                steps:
                  http:
                    load: {url: "http://127.0.0.1:9/"}
                    findMaxRate: {slo: "p99 < 20 parsecs"}
                """);
        Out yaml = cli("run", f.toString(), "--results", dir.toString());
        assertThat(yaml.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(yaml.text()).contains(f.toString()).contains("steps.http.findMaxRate.slo").contains("unknown latency unit");
        Files.writeString(f, """
                steps:
                  http:
                    command: [true]
                    findMaxRate: {slo: "p99 < 20ms"}
                """);
        Out onCommand = cli("run", f.toString(), "--results", dir.toString());
        assertThat(onCommand.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(onCommand.text()).contains("findMaxRate belongs to load steps");
    }

    @Test
    void flagsAndScenarioBlockGiveTheSameGoal() throws Exception {
        LoadCommand cmd = new LoadCommand();
        new CommandLine(cmd).parseArgs("--find-max-rate", "--slo", "p99 < 20ms, requests > 1,000", "--slo", "errorRate < 1%",
                "--budget", "90s", "--precision", "2%", "http://127.0.0.1:9/");
        MaxRateGoal fromFlags = cmd.maxRateGoal();
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                steps:
                  l:
                    load: {url: "http://127.0.0.1:9/"}
                    findMaxRate:
                      slo: ["p99 < 20ms, requests > 1,000", "errorRate < 1%"]
                      budget: 90s
                      precision: 0.02
                """);
        MaxRateGoal fromFile = ((Step.Load) ScenarioLoader.load(f).steps().get("l")).findMaxRate();
        assertThat(fromFlags).isEqualTo(fromFile);
        assertThat(fromFlags.sloTexts()).containsExactly("p99 < 20ms", "requests > 1,000", "errorRate < 1%");
        assertThat(fromFlags.budget()).hasSeconds(90);
        assertThat(fromFlags.precision()).isEqualTo(0.02);

        LoadCommand none = new LoadCommand();
        new CommandLine(none).parseArgs("http://127.0.0.1:9/");
        assertThat(none.maxRateGoal()).isNull();
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(f.toString(), "--find-max-rate", "--slo", "p99 < 5ms");
        List<Step> steps = run.withOverrides(new ArrayList<>(ScenarioLoader.load(f).steps().values()));
        assertThat(((Step.Load) steps.get(0)).findMaxRate().sloTexts()).as("run's flags replace the step's goal")
                .containsExactly("p99 < 5ms");
    }
}
