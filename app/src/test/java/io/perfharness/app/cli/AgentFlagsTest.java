package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.app.cluster.LoadFlags;
import io.perfharness.harness.NoLeaks;
import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.AgentPart;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;
import picocli.CommandLine;

/** {@code load}/{@code run} as agents: {@code --segment}, {@code --start-at}, and the flags cluster run gives them. */
class AgentFlagsTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private static LoadSpec parsed(List<String> args) {
        LoadCommand load = new LoadCommand();
        new CommandLine(load).parseArgs(args.toArray(String[]::new));
        return load.spec();
    }

    @Test
    void theFlagsClusterRunGivesItsAgentsParseBackToTheSameLoad() {
        LoadSpec whole = LoadSpec.builder(URI.create("http://a.example:8080/x?y=1"))
                .urls(List.of(URI.create("http://a.example:8080/x?y=1"), URI.create("http://b.example/")))
                .method("POST").header("Content-Type", "application/json").header("X-Dash", "-c 5")
                .body("--connections 1").connections(7).threads(3).duration(Duration.ofMillis(2500))
                .warmup(Duration.ofNanos(1_500_000_001L)).timeout(Duration.ofSeconds(3)).rate(123.456)
                .expectStatus(List.of(200, 204)).expectJson(true).build();
        assertThat(parsed(LoadFlags.of(whole))).isEqualTo(whole);
        LoadSpec h2 = LoadSpec.builder(URI.create("http://a.example:8080/x")).h2(true).streams(16).build();
        assertThat(parsed(LoadFlags.of(h2))).isEqualTo(h2);

        List<String> agent = new ArrayList<>(LoadFlags.of(whole));
        agent.addAll(List.of("--segment", "2/3"));
        LoadSpec share = parsed(agent);
        assertThat(share.connections()).isEqualTo(2);
        assertThat(share.rate()).isEqualTo(123.456 * 2 / 7);
    }

    @Test
    void namedEndpointsSurviveTheAgentFlags() {
        LoadSpec whole = LoadSpec.builder(URI.create("http://a.example:8080/"))
                .endpoints(List.of(io.perfharness.loadgen.Endpoint.of("home", URI.create("http://a.example:8080/x?y=1"), 8),
                        io.perfharness.loadgen.Endpoint.of("checkout", URI.create("http://a.example:8080/checkout"), 2)
                                .with("POST", java.util.Map.of("Content-Type", "application/json", "X-Q", "it's \"quoted\""),
                                        "{\"id\": 1, \"note\": \"it's\"}")))
                .header("X-All", "yes").connections(4).build();
        assertThat(parsed(LoadFlags.of(whole))).isEqualTo(whole);
    }

    @Test
    void httpsAndInsecureSurviveTheAgentFlags() {
        LoadSpec whole = LoadSpec.builder(URI.create("https://a.example:8443/"))
                .endpoints(List.of(io.perfharness.loadgen.Endpoint.of("home", URI.create("https://a.example:8443/"), 3),
                        io.perfharness.loadgen.Endpoint.of("plain", URI.create("http://a.example:8080/"), 1)))
                .connections(4).insecure(true).build();
        assertThat(parsed(LoadFlags.of(whole))).isEqualTo(whole);
        LoadSpec verified = LoadSpec.builder(URI.create("https://a.example:8443/")).connections(4).build();
        assertThat(parsed(LoadFlags.of(verified))).isEqualTo(verified);
    }

    @Test
    void badAgentFlagsAreUsageErrorsNamingTheFlag() {
        Cli seg = Cli.run("load", "http://127.0.0.1:9/", "--segment", "3/3");
        assertThat(seg.exitCode).isEqualTo(2);
        assertThat(seg.err).contains("--segment").contains("I must be 0..2");
        Cli none = Cli.run("load", "http://127.0.0.1:9/", "-c", "2", "--segment", "2/3");
        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.err).contains("2 connections cannot be split over 3 agents");
        Cli at = Cli.run("load", "http://127.0.0.1:9/", "--start-at", "tomorrow");
        assertThat(at.exitCode).isEqualTo(2);
        assertThat(at.err).contains("--start-at").contains("'tomorrow' is not an instant");
    }

    @Test
    void anAgentWaitsForStartAtAndALateOneSaysByHowMuchAndTheReportRecordsIt() throws Exception {
        int port = RunCommandTest.freePort();
        try (ManagedProcess web = ManagedProcess.builder("web")
                .command(List.of("python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1",
                        "--directory", dir.toString()))
                .readiness(Probes.tcp("127.0.0.1", port)).build().start()) {
            String url = "http://127.0.0.1:" + port + "/";
            Instant at = Instant.now().plusMillis(1500);
            Path onTime = dir.resolve("on-time.json");
            String out = load(url, "--segment", "1/2", "--start-at", String.valueOf(at.toEpochMilli()), "--report", onTime.toString());
            assertThat(out).contains("agent 1/2: waiting");
            AgentPart part = ReportFiles.read(onTime).agents().get(0);
            assertThat(part.segment()).isEqualTo("1/2");
            assertThat(part.startAt()).isEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
            assertThat(Instant.parse(part.started())).isAfterOrEqualTo(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(part.lateMillis()).isLessThan(200);

            Instant past = Instant.now().minusSeconds(2);
            Path late = dir.resolve("late.json");
            out = load(url, "--start-at", past.toString(), "--report", late.toString());
            assertThat(out).containsPattern("agent 0/1: late: --start-at \\S+ passed 2\\d\\d\\d ms ago; starting now");
            RunReport r = ReportFiles.read(late);
            assertThat(r.agents().get(0).lateMillis()).isGreaterThanOrEqualTo(2000);
            assertThat(r.agents().get(0).connections()).isEqualTo(2);
        }
    }

    private String load(String url, String... extra) {
        List<String> args = new ArrayList<>(List.of("load", url, "-c", "2", "-d", "300ms", "--warmup", "0", "--quiet",
                "--results", dir.toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        int code = cmd.execute(args.toArray(String[]::new));
        assertThat(code).as(out.toString()).isZero();
        return out.toString();
    }
}
