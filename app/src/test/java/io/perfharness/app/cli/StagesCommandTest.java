package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.app.run.Summary;
import io.perfharness.harness.NoLeaks;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.StageResult;
import io.perfharness.reports.TimelineSample;

/** Stages from a scenario and from flags: into the run, the report, the summary and the page; bad ones refused in one line. */
class StagesCommandTest {

    /** The delay server of the benchmarks: each connection answers one request at a time, 10 ms after it came. */
    private static final Path DELAY_SERVER = Path.of("../bench/scripts/delay_server.py").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private Path scenario(String load) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "steps:\n  http:\n    load:\n      url: \"http://127.0.0.1:9/\"\n" + load);
        return f;
    }

    private static void assertOneLineUsageError(Cli cli, String... fragments) {
        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err.strip().lines().count()).as(cli.err).isEqualTo(1);
        for (String f : fragments) {
            assertThat(cli.err).contains(f);
        }
    }

    @Test
    void badStagesInAScenarioAreNamedWithFileLineAndField() throws Exception {
        Cli mixed = Cli.run("run", scenario("""
                      stages:
                        - {duration: 1s, rate: 10}
                        - {duration: 1s, connections: 2}
                """).toString(), "--results", dir.toString());
        assertOneLineUsageError(mixed, "s.yaml", "steps.http.load.stages[1] (line 7)", "all stages give a rate (open model)");

        Cli both = Cli.run("run", scenario("""
                      stages:
                        - {duration: 1s, rate: 10, connections: 2}
                """).toString(), "--results", dir.toString());
        assertOneLineUsageError(both, "s.yaml", "line 6", "stages[0]", "not both");

        Cli unknown = Cli.run("run", scenario("""
                      stages: [{duration: 1s, rat: 10}]
                """).toString(), "--results", dir.toString());
        assertOneLineUsageError(unknown, "line 5", "unknown field 'rat' in a stage");

        Cli badDuration = Cli.run("run", scenario("""
                      stages:
                        - {duration: soon, rate: 10}
                """).toString(), "--results", dir.toString());
        assertOneLineUsageError(badDuration, "line 6", "stages[0]", "'soon' is not a duration");

        Cli disagree = Cli.run("run", scenario("""
                      duration: 5s
                      stages: [{duration: 1s, rate: 10}, {duration: 1s, rate: 20}]
                """).toString(), "--results", dir.toString());
        assertOneLineUsageError(disagree, "steps.http.load.duration", "the stages add up to PT2S");

        Cli withRate = Cli.run("run", scenario("""
                      rate: 50
                      stages: [{duration: 1s, rate: 10}]
                """).toString(), "--results", dir.toString());
        assertOneLineUsageError(withRate, "steps.http.load.rate: not with rate stages");
    }

    /** A flag's error is its first line (picocli adds where to find the usage). */
    private static void assertFlagError(Cli cli, String... fragments) {
        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCodes.USAGE);
        String first = cli.err.strip().lines().findFirst().orElse("");
        for (String f : fragments) {
            assertThat(first).as(cli.err).contains(f);
        }
    }

    @Test
    void badStageFlagsAreNamed() {
        assertFlagError(Cli.run("load", "--stage", "1s:lots", "http://127.0.0.1:9/"), "--stage",
                "'lots' is neither a rate");
        assertFlagError(Cli.run("load", "--stage", "1s", "http://127.0.0.1:9/"), "--stage", "not a stage");
        assertFlagError(Cli.run("load", "--stage", "1s:10", "--stage", "1s:c2", "http://127.0.0.1:9/"),
                "--stage 1s:c2 (the 2nd): gives connections but the 1st --stage a rate");
        assertFlagError(Cli.run("load", "-d", "5s", "--stage", "1s:10", "http://127.0.0.1:9/"),
                "duration: PT5S but the stages add up to PT1S");
        assertFlagError(Cli.run("load", "-c", "2", "--stage", "1s:c4", "http://127.0.0.1:9/"),
                "connections: 2 but the stages go up to 4");
    }

    /**
     * A ramp against the delay server (4 connections: up to 400 req/s): the requests sent per stage follow the
     * integral of the rate, and the report, the summary and the page show the stages.
     */
    @Test
    void openModelRampReachesTheReportSummaryAndPage() throws Exception {
        int port = RunCommandTest.freePort();
        Path f = dir.resolve("ramp.yaml");
        Files.writeString(f, """
                services:
                  slow:
                    command: [python3, "%s", "%d", "10"]
                    ready: {tcp: "127.0.0.1:%d"}
                steps:
                  http:
                    services: [slow]
                    load:
                      url: "http://127.0.0.1:%d/"
                      connections: 4
                      warmup: 300ms
                      stages:
                        - {duration: 1s, rate: 100}
                        - {duration: 1s, rate: 100}
                        - {duration: 1s, rate: 250}
                """.formatted(DELAY_SERVER, port, port, port));
        Path report = dir.resolve("r.json");
        Path html = dir.resolve("r.html");

        Cli cli = Cli.run("run", f.toString(), "--report", report.toString(), "--html", html.toString(),
                "--results", dir.toString(), "--quiet");

        assertThat(cli.exitCode).as(cli.err).isZero();
        RunReport r = ReportFiles.read(report);
        assertThat(r.load().stages()).containsExactly(new LoadParameters.Stage(1, 100.0, null),
                new LoadParameters.Stage(1, 100.0, null), new LoadParameters.Stage(1, 250.0, null));
        assertThat(r.load().durationSeconds()).isEqualTo(3.0);
        assertThat(r.load().rate()).isNull();
        assertThat(r.serviceLatency()).as("open model").isNotNull();
        List<StageResult> stages = r.repetitions().get(0).stages();
        assertThat(stages).extracting(StageResult::stage).containsExactly(0, 1, 2);
        // 0 -> 100 over 1 s: 50 requests; 100 held: 100; 100 -> 250: 175 (tolerant: the counters are read at each
        // stage's end by a thread that may wake late on a busy machine)
        assertThat((double) stages.get(0).sent()).isCloseTo(50, within(8.0));
        assertThat((double) stages.get(1).sent()).isCloseTo(100, within(10.0));
        assertThat((double) stages.get(2).sent()).isCloseTo(175, within(12.0));
        assertThat(stages.stream().mapToLong(StageResult::sent).sum()).isBetween(320L, 330L);
        assertThat(stages).extracting(StageResult::target).containsExactly(50.0, 100.0, 175.0);
        assertThat(stages).allSatisfy(s -> assertThat(s.errors() + s.dropped()).isZero());
        assertThat(r.repetitions().get(0).timeline()).extracting(TimelineSample::target).containsExactly(50.0, 100.0, 175.0);

        String summary = Summary.of(r);
        assertThat(summary).contains("open model in 3 stages, up to 250 req/s").contains("stage target")
                .containsPattern("\\n  1 +0 -> 100 req/s +1\\.00 ")
                .containsPattern("\\n  2 +100 req/s +1\\.00 ")
                .containsPattern("\\n  3 +100 -> 250 req/s +1\\.00 ");
        String page = Files.readString(html);
        assertThat(page).contains("<h2>Stages</h2>").contains("id=\"stages-table\"").contains("100 → 250 req/s")
                .contains("\"label\":\"stage 2\"").contains("\"label\":\"stage 3\"");
    }
}
