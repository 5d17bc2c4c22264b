package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;
import io.perfharness.reports.EndpointReport;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

/** Weighted endpoints end to end against python's http.server: shares, per-endpoint results, gates and compare. */
class EndpointsEndToEndTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    /**
     * http.server answers GET of a file 200, of a missing one 404, and POST 501: each endpoint has its own
     * errors. Weights 3:1:1:1.
     */
    private Path scenario(int port, String gates) throws IOException {
        Files.writeString(dir.resolve("a.txt"), "a");
        Files.writeString(dir.resolve("b.txt"), "b");
        Files.createDirectories(dir.resolve("bodies"));
        Files.writeString(dir.resolve("bodies/order.json"), "{\"id\": 1}");
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                services:
                  web:
                    command: [python3, -m, http.server, "%d", --bind, 127.0.0.1, --directory, "%s"]
                    ready: {tcp: "127.0.0.1:%d"}
                steps:
                  http:
                    services: [web]
                    load:
                      connections: 2
                      duration: 1500ms
                      warmup: 200ms
                      endpoints:
                        - {name: home, url: "http://127.0.0.1:%d/a.txt", weight: 3}
                        - {name: other, url: "http://127.0.0.1:%d/b.txt"}
                        - {name: missing, url: "http://127.0.0.1:%d/nope", weight: 1}
                        - name: order
                          url: "http://127.0.0.1:%d/a.txt"
                          method: POST
                          headers: {Content-Type: application/json}
                          bodyFile: bodies/order.json
                          weight: 1
                    gates: %s
                """.formatted(port, dir, port, port, port, port, port, gates));
        return f;
    }

    @Test
    void eachEndpointGetsItsShareAndItsOwnResultsAndGates() throws Exception {
        int port = RunCommandTest.freePort();
        Path report = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        Cli cli = Cli.run("run", scenario(port, "[\"errorRate[home] == 0\", \"errorRate[missing] == 100\","
                        + " \"errorRate[order] == 100\", \"p99[home] < 5s\", \"throughput[other] > 1\"]").toString(),
                "--report", report.toString(), "--html", html.toString(), "--results", dir.toString(), "--quiet");

        assertThat(cli.exitCode).as(cli.err).isZero();
        RunReport r = ReportFiles.read(report);
        assertThat(r.load().endpoints()).extracting(e -> e.name() + " " + e.method() + " " + e.weight())
                .containsExactly("home GET 3", "other GET 1", "missing GET 1", "order POST 1");
        assertThat(r.load().endpoints().get(3).body().bytes()).isEqualTo(9);
        Map<String, EndpointReport> by = new java.util.HashMap<>();
        r.endpointTotals().forEach(e -> by.put(e.name(), e));
        assertThat(by.values().stream().mapToLong(EndpointReport::requests).sum()).isEqualTo(r.requests());
        assertThat(r.requests()).isGreaterThan(200);
        // smooth weighted round-robin per event loop: exact but for the requests in flight at the window's edges
        assertThat((double) by.get("home").requests() / r.requests()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
        for (String n : new String[] {"other", "missing", "order"}) {
            assertThat((double) by.get(n).requests() / r.requests()).as(n).isCloseTo(1 / 6.0, org.assertj.core.data.Offset.offset(0.02));
        }
        assertThat(by.get("home").errors().total()).isZero();
        assertThat(by.get("missing").errors().status()).containsOnlyKeys(404);
        assertThat(by.get("order").errors().status()).containsOnlyKeys(501);
        assertThat(r.errors().total()).isEqualTo(by.get("missing").errors().total() + by.get("order").errors().total());
        assertThat(cli.out).contains("endpoint").containsPattern("home\\s+3\\s+\\d+\\.\\d+%");
        assertThat(Files.readString(html)).contains("<table id=\"endpoints\">");

        Path again = dir.resolve("r2.json");
        Cli second = Cli.run("run", dir.resolve("s.yaml").toString(), "--report", again.toString(), "--results",
                dir.toString(), "--quiet", "--output", "none");
        assertThat(second.exitCode).as(second.err).isZero();
        Cli compare = Cli.run("compare", report.toString(), again.toString());
        assertThat(compare.out).as(compare.err).contains("p99[home]").contains("throughput[order]");
    }

    @Test
    void aFailingEndpointGateExits1() throws Exception {
        int port = RunCommandTest.freePort();
        Cli cli = Cli.run("run", scenario(port, "[\"errorRate[order] < 1%\"]").toString(), "--results", dir.toString(),
                "--quiet", "--output", "none");
        assertThat(cli.exitCode).as(cli.err).isEqualTo(1);
    }

    @Test
    void aGateNamingAnEndpointTheLoadLacksExits2NamingTheGate() throws Exception {
        int port = RunCommandTest.freePort();
        Cli early = Cli.run("run", scenario(port, "[\"p99[cart] < 5ms\"]").toString(), "--results", dir.toString());
        assertThat(early.exitCode).isEqualTo(2);
        assertThat(early.err).contains("steps.http.gates[0]").contains("gate 'p99[cart] < 5ms': no endpoint 'cart'");
        assertThat(early.err.lines().count()).isEqualTo(1);

        // endpoints replaced by run's flags: the scenario's gate names one the report does not have
        Cli late = Cli.run("run", scenario(port, "[\"p99[home] < 5s\"]").toString(), "--endpoint",
                "front=http://127.0.0.1:" + port + "/a.txt", "-d", "300ms", "--warmup", "0", "--results", dir.toString(),
                "--quiet", "--output", "none");
        assertThat(late.exitCode).as(late.err).isEqualTo(2);
        assertThat(late.err).contains("gate 'p99[home] < 5s': no endpoint 'home' in this load (it has front)");
    }
}
