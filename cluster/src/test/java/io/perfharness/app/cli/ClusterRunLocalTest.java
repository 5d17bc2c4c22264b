package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;
import io.perfharness.reports.AgentPart;
import io.perfharness.reports.LatencySummary;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

/**
 * {@code cluster run --engine local} end to end: the scenario's server starts once, three agent JVMs each make their
 * segment of an open-model load from one instant, and the merged report is judged.
 */
class ClusterRunLocalTest {

    /** A quiet HTTP/1.1 keep-alive server: python's http.server logs every request and is slower. */
    private static final String SERVER = """
            import sys
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            class H(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall
                def do_GET(self):
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                def log_message(self, *args):
                    pass
            class S(ThreadingHTTPServer):
                request_queue_size = 128  # socketserver's 5 drops the SYNs of agents connecting at once
            S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
            """;

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private record Result(int code, String out, String err) {
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = ClusterMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void threeAgentsMakeTheWholeOpenModelLoadAndAGateFailsOnTheMergedResultOnly() throws Exception {
        int port = RunCommandTest.freePort();
        Files.writeString(dir.resolve("server.py"), SERVER);
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, """
                services:
                  web:
                    command: [python3, "%s", "%d"]
                    ready: {tcp: "127.0.0.1:%d"}
                steps:
                  http:
                    services: [web]
                    load: {url: "http://127.0.0.1:%d/", duration: 4s, warmup: 1s, connections: 6, rate: 90}
                    gates: ["errors == 0", "requests < 240"]
                """.formatted(dir.resolve("server.py"), port, port, port));
        Path report = dir.resolve("merged.json");

        Result r = cli("cluster", "run", scenario.toString(), "http", "--agents", "3", "--engine", "local",
                "--start-delay", "4s", "--report", report.toString(), "--results", dir.toString(), "--output", "none");

        // about 360 requests in all, about 120 by each agent: 'requests < 240' fails on the merged result only
        assertThat(r.code).as(r.out + r.err).isEqualTo(1);
        assertThat(r.out).contains("PASSED       errors == 0").contains("FAILED       requests < 240")
                .contains("agents: 3, start spread");
        RunReport merged = ReportFiles.read(report);
        List<RunReport> agents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir.resolve("logs"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("agent-\\d\\.json")).sorted().toList()) {
                agents.add(ReportFiles.read(f));
            }
        }
        assertThat(agents).hasSize(3);
        assertThat(agents).allSatisfy(a -> assertThat(a.requests()).isLessThan(240));

        // merged requests = the sum of the agents'
        assertThat(merged.requests()).isEqualTo(agents.stream().mapToLong(RunReport::requests).sum());
        assertThat(merged.requests()).isGreaterThanOrEqualTo(240);
        // merged percentiles = those of one histogram of all samples
        Histogram all = new Histogram(1, 3_600_000_000L, 3);
        Histogram service = new Histogram(1, 3_600_000_000L, 3);
        for (RunReport a : agents) {
            all.add(a.histogram().decode());
            service.add(a.serviceHistogram().decode());
        }
        assertThat(merged.latency()).isEqualTo(LatencySummary.of(all));
        assertThat(merged.serviceLatency()).isEqualTo(LatencySummary.of(service));
        // a rate of 90 req/s split into 3 gives 90 req/s in total: the median second of the merged timeline. A response
        // counts in the second it arrives, so a stall of a busy machine (a fresh JVM, 2 cores shared with other builds)
        // moves requests from one second to the next, or from the warm-up into the window: the median is robust to it
        assertThat(merged.load().rate()).isCloseTo(90.0, within(1e-9));
        List<Long> seconds = merged.repetitions().get(0).timeline().stream()
                .filter(t -> t.durationSeconds() > 0.99).map(t -> t.requests()).sorted().toList();
        assertThat(seconds).hasSize(4);
        assertThat((seconds.get(1) + seconds.get(2)) / 2.0).as("requests per second: %s; %s", seconds, r.out)
                .isCloseTo(90.0, within(1.8));
        assertThat(merged.load().connections()).isEqualTo(6);

        // who made which part, from one instant
        assertThat(merged.step()).isEqualTo("http");
        assertThat(merged.agents()).extracting(AgentPart::segment).containsExactly("0/3", "1/3", "2/3");
        assertThat(merged.agents()).extracting(AgentPart::connections).containsExactly(2, 2, 2);
        assertThat(merged.agents()).extracting(AgentPart::rate).containsExactly(30.0, 30.0, 30.0);
        assertThat(merged.agents()).extracting(AgentPart::startAt).doesNotContainNull().containsOnly(merged.agents().get(0).startAt());
        assertThat(merged.agents()).allSatisfy(a -> assertThat(a.lateMillis()).isLessThan(1000));
        assertThat(AgentPart.startSpreadMillis(merged.agents())).isLessThan(1000);
    }
}
