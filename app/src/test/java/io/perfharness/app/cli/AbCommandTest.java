package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.app.ab.AbTesting;
import io.perfharness.harness.NoLeaks;

/**
 * {@code ab} and {@code bisect} end to end on throwaway git repositories: a tiny Python server whose
 * latency is a file in the repository, real worktrees, real runs in processes of their own.
 */
class AbCommandTest {
    /**
     * Thresholds wide enough that A/A with 3 runs of half a second a side is decided even on a busy shared machine,
     * where stalls of a few hundred ms make the tails of such short runs meaningless; a sleep of 200 ms instead of
     * 20 ms per request (p50 +900%) is far beyond them. What the gate does with realistic thresholds and noise is
     * tested on simulated data (SequentialComparisonTest) and measured by bench/scripts/gate-accuracy.sh.
     */
    private static final String[] WIDE = {"--threshold", "throughput=99%", "--threshold", "p50=300%", "--threshold", "p90=1000000%",
            "--threshold", "p99=1000000%", "--threshold", "p99.9=1000000%", "--threshold", "errorRate=50pp",
            "--threshold", "serviceCpu=1000000%"};

    @TempDir
    Path tmp;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(tmp.toString());
    }

    /** Runs the CLI in this JVM from {@code repo}, capturing stdout and stderr. */
    private Result ab(AbTesting repo, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--repo", repo.dir().toString(), "--seed", "7"));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        Cli cli;
        try {
            cli = Cli.run(all.toArray(String[]::new));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Result(cli.exitCode, o.toString(StandardCharsets.UTF_8),
                e.toString(StandardCharsets.UTF_8) + cli.err);
    }

    private record Result(int code, String out, String err) {
    }

    /** {@code command}, the wide thresholds, then {@code rest} */
    private static String[] wide(String command, String... rest) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(WIDE));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void sameCodeIsNoRegressionAndItsWorktreeIsRemoved() throws Exception {
        AbTesting repo = AbTesting.repo(tmp.resolve("repo"));
        Result r = ab(repo, wide("ab", "--base", "HEAD", "--min-runs", "4", "--max-runs", "4", "--out", tmp.resolve("out").toString(),
                "scenario.yaml", "http"));
        assertThat(r.code).as(r.out + r.err).isZero();
        assertThat(r.out).contains("result: no regression").contains("runs: 4 a side").contains("wall time:");
        assertThat(repo.worktrees()).containsExactly(repo.dir().toRealPath().toString());
        assertThat(r.err).contains("ab: look 1 after 4 blocks");
        assertThat(tmp.resolve("out/base/04.json")).exists();
        assertThat(tmp.resolve("out/head/04.json")).exists();
    }

    @Test
    void uncommittedSlowdownInTheWorkingTreeIsARegression() throws Exception {
        AbTesting repo = AbTesting.repo(tmp.resolve("repo"));
        repo.delay(100); // not committed: head is the working tree as it is
        Path md = tmp.resolve("ab.md");
        Path html = tmp.resolve("ab.html");
        Result r = ab(repo, "ab", "--base", "main", "--min-runs", "4", "--max-runs", "4", "--out", tmp.resolve("out").toString(),
                "--markdown", md.toString(), "--html", html.toString(), "scenario.yaml");
        assertThat(r.code).as(r.out + r.err).isEqualTo(1);
        assertThat(r.out).contains("head: working tree (").contains("+ uncommitted changes").contains("result: REGRESSION in");
        assertThat(Files.readString(md)).contains("### perfharness ab: **regression**");
        assertThat(Files.readString(html)).contains("<html");
        assertThat(repo.worktrees()).hasSize(1);
    }

    @Test
    void theScenariosBuildRunsInEachSidesCheckout() throws Exception {
        AbTesting repo = AbTesting.repo(tmp.resolve("repo"));
        // the server reads delay_ms, which only the scenario's build makes (from delay.src): a side that
        // was not built would not start (exit 3), and head's slowdown shows only if head's build ran
        Files.move(repo.dir().resolve("delay_ms"), repo.dir().resolve("delay.src"));
        Files.writeString(repo.dir().resolve(".gitignore"), "delay_ms\n");
        Path scenario = repo.dir().resolve("scenario.yaml");
        Files.writeString(scenario, "build: [cp, delay.src, delay_ms]\n" + Files.readString(scenario));
        repo.commitAll("the delay is built");
        Files.writeString(repo.dir().resolve("delay.src"), "100\n");
        repo.commitAll("slower");
        Result r = ab(repo, "ab", "--base", "HEAD~1", "--head", "HEAD", "--min-runs", "4", "--max-runs", "4",
                "--out", tmp.resolve("out").toString(), "scenario.yaml");
        assertThat(r.code).as(r.out + r.err).isEqualTo(1);
        assertThat(r.err).contains("; build: cp delay.src delay_ms (in ");
        assertThat(r.out).contains("result: REGRESSION in");
        assertThat(repo.worktrees()).hasSize(1);
    }

    @Test
    void buildOptionReplacesTheScenariosBuild() throws Exception {
        AbTesting repo = AbTesting.repo(tmp.resolve("repo"));
        Path scenario = repo.dir().resolve("scenario.yaml");
        Files.writeString(scenario, "build: [sh, -c, 'exit 9']\n" + Files.readString(scenario));
        repo.commitAll("a build that fails");
        Result failing = ab(repo, "ab", "--base", "HEAD", "--head", "HEAD", "--out", tmp.resolve("out1").toString(),
                "scenario.yaml");
        assertThat(failing.code).as(failing.out + failing.err).isEqualTo(3);
        assertThat(failing.err).contains("build exited with 9");
        Result r = ab(repo, wide("ab", "--base", "HEAD", "--head", "HEAD", "--build", "true", "--min-runs", "3",
                "--max-runs", "3", "--out", tmp.resolve("out2").toString(), "scenario.yaml"));
        assertThat(r.code).as(r.out + r.err).isIn(0, 4);
        assertThat(r.err).contains("; build: sh -c true (in ");
        assertThat(repo.worktrees()).hasSize(1);
    }

    @Test
    void tooFewRunsToDecideIsInconclusiveExit4NotAPass() throws Exception {
        AbTesting repo = AbTesting.repo(tmp.resolve("repo"));
        Result r = ab(repo, "ab", "--base", "HEAD", "--head", "main", "--min-runs", "3", "--max-runs", "3", "--threshold", "p99.9=1%",
                "--out", tmp.resolve("out").toString(), "scenario.yaml", "http");
        assertThat(r.code).as(r.out + r.err).isEqualTo(4);
        assertThat(r.out).contains("result: INCONCLUSIVE").contains("p99.9");
        assertThat(repo.worktrees()).hasSize(1);
    }

    @Test
    void aFailingRunExits3AndTheWorktreesAreStillRemoved() throws Exception {
        AbTesting repo = AbTesting.repo(tmp.resolve("repo"));
        Files.writeString(repo.dir().resolve("server.py"), "import sys\nsys.exit('broken on purpose')\n");
        String broken = repo.commitAll("break the server");
        Result r = ab(repo, "ab", "--base", broken, "--head", "HEAD~1", "--out", tmp.resolve("out").toString(), "scenario.yaml");
        assertThat(r.code).as(r.out + r.err).isEqualTo(3);
        assertThat(r.err).contains("base (").contains("run 1");
        assertThat(repo.worktrees()).hasSize(1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" in (/\\S+/perfharness-ab-\\d+)/base,").matcher(r.err);
        assertThat(m.find()).as(r.err).isTrue();
        assertThat(Path.of(m.group(1))).as("the worktrees' folder").doesNotExist();
    }

    @Test
    void ctrlCStopsTheRunAndRemovesTheWorktrees() throws Exception {
        AbTesting repo = AbTesting.repo(tmp.resolve("repo"));
        Path err = tmp.resolve("ab.err");
        String jvm = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(jvm, "-cp", ManagementFactory.getRuntimeMXBean().getClassPath(),
                "io.perfharness.app.cli.Main", "ab", "--base", "HEAD", "--head", "HEAD", "--repo", repo.dir().toString(),
                "--out", tmp.resolve("out").toString(), "scenario.yaml")
                .redirectErrorStream(true).redirectOutput(err.toFile()).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            // a run is under way once its log exists
            while (!Files.exists(tmp.resolve("out/logs/base-01.log")) && !Files.exists(tmp.resolve("out/logs/head-01.log"))) {
                assertThat(System.nanoTime()).as(Files.exists(err) ? Files.readString(err) : "no output").isLessThan(deadline);
                assertThat(p.isAlive()).as(Files.exists(err) ? Files.readString(err) : "no output").isTrue();
                Thread.sleep(50);
            }
            assertThat(repo.worktrees()).hasSize(3);
            Thread.sleep(500);
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(Files.readString(err)).isEqualTo(130);
        assertThat(Files.readString(err)).contains("SIGINT received");
        assertThat(repo.worktrees()).hasSize(1);
    }

    @Test
    void badInputExits2BeforeAnyWorktreeIsMade() throws Exception {
        AbTesting repo = AbTesting.repo(tmp.resolve("repo"));
        assertThat(ab(repo, "ab", "--base", "no-such-ref", "scenario.yaml").code).isEqualTo(2);
        Result step = ab(repo, "ab", "--base", "main", "scenario.yaml", "nope");
        assertThat(step.code).isEqualTo(2);
        assertThat(step.err).contains("'nope' is not a load step");
        assertThat(ab(repo, "ab", "--base", "main", "--inconclusive", "maybe", "scenario.yaml").code).isEqualTo(2);
        assertThat(repo.worktrees()).hasSize(1);
    }

    @Test
    void bisectFindsThePlantedRegressionWithEachSidesOwnLauncher() throws Exception {
        AbTesting repo = AbTesting.repo(tmp.resolve("repo"));
        repo.addLauncher();
        String good = repo.commitAll("add a launcher");
        Files.writeString(repo.dir().resolve("notes.txt"), "unrelated\n");
        repo.commitAll("an unrelated change");
        repo.delay(200);
        String culprit = repo.commitAll("sleep 200 ms per request");
        Files.writeString(repo.dir().resolve("notes.txt"), "unrelated again\n");
        repo.commitAll("another unrelated change");
        Result r = ab(repo, wide("bisect", "--good", good, "--bad", "main", "--min-runs", "4", "--max-runs", "4",
                "--out", tmp.resolve("out").toString(), "scenario.yaml", "http"));
        assertThat(r.code).as(r.out + r.err).isEqualTo(1);
        assertThat(r.out).contains("the first regressing commit is " + culprit.substring(0, 12) + " sleep 200 ms per request")
                .contains("result: REGRESSION in").contains("3 ab run(s)");
        assertThat(r.err).contains("/perfharness; building"); // the side's own launcher ran
        assertThat(repo.worktrees()).hasSize(1);
    }
}
