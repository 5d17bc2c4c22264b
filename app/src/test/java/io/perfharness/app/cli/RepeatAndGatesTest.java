package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

/** {@code run --repeat}, {@code --history}, {@code --html} and scenario gates, against python's http.server. */
class RepeatAndGatesTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private Path scenario(int port, String gates) throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                services:
                  web:
                    command: [python3, -m, http.server, "%d", --bind, 127.0.0.1, --directory, "%s"]
                    ready: {tcp: "127.0.0.1:%d"}
                steps:
                  http:
                    services: [web]
                    load: {url: "http://127.0.0.1:%d/", duration: 1s, warmup: 200ms, connections: 1}
                    gates: %s
                """.formatted(port, dir, port, port, gates));
        return f;
    }

    @Test
    void repeatKeepsEveryRepetitionAndPassingGatesExit0() throws Exception {
        int port = RunCommandTest.freePort();
        Path report = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        Path history = dir.resolve("history");
        Cli cli = Cli.run("run", scenario(port, "[\"errors == 0\", \"requests > 0\"]").toString(), "--repeat", "3",
                "--report", report.toString(), "--html", html.toString(), "--history", history.toString(),
                "--results", dir.toString(), "--quiet", "--output", "none");
        assertThat(cli.exitCode).as(cli.err).isZero();
        RunReport r = ReportFiles.read(report);
        assertThat(r.repetitions()).hasSize(3);
        assertThat(r.repetitions()).allSatisfy(rep -> assertThat(rep.timeline()).isNotEmpty());
        assertThat(r.requests()).isEqualTo(r.repetitions().stream().mapToLong(x -> x.requests()).sum());
        assertThat(dir.resolve("r.1.hlog")).exists();
        assertThat(dir.resolve("r.3.hlog")).exists();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>");
        try (var s = Files.walk(history)) {
            assertThat(s.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(1);
        }
    }

    @Test
    void failingGateExits1() throws Exception {
        int port = RunCommandTest.freePort();
        Cli cli = Cli.run("run", scenario(port, "[\"requests < 1\"]").toString(), "--results", dir.toString(),
                "--quiet", "--output", "none");
        assertThat(cli.exitCode).as(cli.err).isEqualTo(1);
    }

    @Test
    void malformedGateIsAScenarioErrorNamingTheField() throws Exception {
        int port = RunCommandTest.freePort();
        Cli cli = Cli.run("run", scenario(port, "[\"p99 < 50\"]").toString(), "--results", dir.toString());
        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err).contains("steps.http.gates[0]").contains("give a unit after 50");
        assertThat(cli.err.lines().count()).isEqualTo(1);
    }
}
