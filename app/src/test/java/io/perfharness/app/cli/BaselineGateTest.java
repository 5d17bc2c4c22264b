package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.app.run.LoadReports;
import io.perfharness.app.scenario.ScenarioLoader;
import io.perfharness.app.scenario.Step;
import io.perfharness.harness.NoLeaks;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.history.ReportHistory;

/** A scenario's 'vs baseline' gates find their baseline with {@code run --main-branch} and {@code --repo}, not a hard-coded main. */
class BaselineGateTest {

    @TempDir
    Path repo;

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.org"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private String run(Path scenario, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", scenario.toString(), "--results", dir.toString(), "--quiet",
                "--output", "none", "--repeat", "2", "--baseline", dir.resolve("history").toString(), "--repo",
                repo.toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        cmd.execute(args.toArray(String[]::new));
        return out.toString();
    }

    @Test
    void vsBaselineGatesUseTheGivenMainBranchAndRepository() throws Exception {
        // main stays at c0; trunk goes on to c1, from which feature forks
        git("init", "-q", "-b", "main");
        Files.writeString(repo.resolve("f"), "0");
        git("add", "f");
        git("commit", "-q", "-m", "zero");
        String c0 = git("rev-parse", "HEAD");
        git("checkout", "-q", "-b", "trunk");
        Files.writeString(repo.resolve("f"), "1");
        git("commit", "-q", "-am", "one");
        String base = git("rev-parse", "HEAD");
        git("checkout", "-q", "-b", "feature");
        Files.writeString(repo.resolve("f"), "2");
        git("commit", "-q", "-am", "two");

        int port = RunCommandTest.freePort();
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, """
                services:
                  web:
                    command: [python3, -m, http.server, "%d", --bind, 127.0.0.1, --directory, "%s"]
                    ready: {tcp: "127.0.0.1:%d"}
                steps:
                  http:
                    services: [web]
                    load: {url: "http://127.0.0.1:%d/", duration: 300ms, warmup: 0, connections: 1}
                    gates: ["vs baseline: throughput -50%%"]
                """.formatted(port, dir, port, port));
        // the baselines: reports of the same load stored for c0 (3 repetitions) and for c1 (4 repetitions)
        Step.Load step = (Step.Load) ScenarioLoader.load(scenario).steps().get("http");
        ReportHistory history = new ReportHistory(dir.resolve("history"));
        history.store(withLoad(SampleReports.report(c0, 3, 1000, 500, 1), step));
        history.store(withLoad(SampleReports.report(base, 4, 1000, 500, 1), step));

        String withMain = run(scenario);
        assertThat(withMain).as("the merge-base with main is c0").contains("vs baseline: throughput -50%:")
                .contains("(3 vs 2 repetitions)");

        String withTrunk = run(scenario, "--main-branch", "trunk");
        assertThat(withTrunk).as("the merge-base with trunk is c1").contains("vs baseline: throughput -50%:")
                .contains("(4 vs 2 repetitions)");
    }

    private static RunReport withLoad(RunReport r, Step.Load step) {
        return RunReport.ofRepetitions(r.meta(), "s", step.name(), LoadReports.parameters(step.load()), r.repetitions());
    }
}
