package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.gate.Gates;

/**
 * What the load generator measures reaches the report and the gates: response checks in every repetition,
 * the open model's dropped requests and uncorrected service time, checked bodies.
 */
class MeasurementsReachTheReportTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private Path scenario(int port, String status, String delayMs, String load, String gates) throws Exception {
        return scenario(port, status, delayMs, "0", load, gates);
    }

    private Path scenario(int port, String status, String delayMs, String burnMs, String load, String gates) throws Exception {
        Path server = Path.of(getClass().getResource("/echo_server.py").toURI());
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                services:
                  echo:
                    command: [python3, "%s", "%d", "%s", "%s", "%s", "%s"]
                    ready: {tcp: "127.0.0.1:%d"}
                steps:
                  http:
                    services: [echo]
                    load: {url: "http://127.0.0.1:%d/", %s}
                    gates: %s
                """.formatted(server, port, dir.resolve("record.json"), status, delayMs, burnMs, port, port, load, gates));
        return f;
    }

    private Cli run(Path scenario, Path report, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", scenario.toString(), "--report", report.toString(),
                "--results", dir.toString(), "--quiet", "--output", "none"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void whyConnectsFailedReachesTheSummaryAndTheReport() throws Exception {
        int port = RunCommandTest.freePort(); // nothing listens there
        Path report = dir.resolve("r.json");
        Cli cli = Cli.run("load", "http://127.0.0.1:" + port + "/", "-c", "1", "-d", "300ms", "--warmup", "0",
                "--report", report.toString(), "--results", dir.toString());
        assertThat(cli.out).as(cli.err).containsPattern("errors: [0-9]+ \\(connect [0-9]+ \\(first: .*[Rr]efused.*\\)\\)");
        assertThat(cli.out).contains("latency ms: n/a (no response)").doesNotContain("p50 0.00");
        RunReport r = ReportFiles.read(report);
        assertThat(r.errors().connect()).isPositive();
        assertThat(r.errors().connectCause()).containsIgnoringCase("connection refused");
    }

    @Test
    void everyRepetitionChecksTheStatus() throws Exception {
        int port = RunCommandTest.freePort();
        Path report = dir.resolve("r.json");
        Cli cli = run(scenario(port, "200", "0", "connections: 1, duration: 400ms, warmup: 100ms, expectStatus: [204]", "[]"),
                report, "--repeat", "3");
        assertThat(cli.exitCode).as(cli.err).isZero();
        RunReport r = ReportFiles.read(report);
        assertThat(r.repetitions()).hasSize(3).allSatisfy(rep -> assertThat(rep.errors().status().getOrDefault(200, 0L))
                .as("status errors of this repetition").isEqualTo(rep.requests()));
        assertThat(r.repetitions().get(1).requests() + r.repetitions().get(2).requests()).isPositive();
    }

    @Test
    void anOpenModelRunAboveCapacityFailsErrorsGateWithItsDroppedRequests() throws Exception {
        int port = RunCommandTest.freePort();
        Path report = dir.resolve("r.json");
        // one connection to a server taking 50 ms a request: capacity 20 req/s, asked for 200
        Cli cli = run(scenario(port, "200", "50",
                "connections: 1, rate: 200, timeout: 200ms, duration: 1s, warmup: 0, expectJson: true",
                "[\"errors == 0\"]"), report);

        assertThat(cli.exitCode).as("errors == 0 fails on dropped requests: %s", cli.err).isEqualTo(ExitCodes.GATE_FAILED);
        RunReport r = ReportFiles.read(report);
        assertThat(r.dropped()).isPositive();
        assertThat(r.runs().get(0).dropped()).isEqualTo(r.dropped());
        assertThat(r.errorRate()).isPositive();
        assertThat(r.serviceLatency()).as("the uncorrected latency is kept beside the corrected one").isNotNull();
        assertThat(r.serviceHistogram().decode().getTotalCount()).isEqualTo(r.requests());
        assertThat(r.serviceLatency().p50Us()).isLessThan(r.latency().p50Us());
        assertThat(r.checkedBodies()).as("sampled bodies checked").isPositive();
        assertThat(Gates.evaluate(List.of(Gates.parse("dropped == 0")), r, List.of()).failures()).hasSize(1);
        assertThat(Gates.evaluate(List.of(Gates.parse("serviceP50 < 1ms")), r, List.of()).failures()).hasSize(1);
    }

    @Test
    void aClosedModelReportHasNoServiceTimeButItsGatesReadTheLatency() throws Exception {
        int port = RunCommandTest.freePort();
        Path report = dir.resolve("r.json");
        Cli cli = run(scenario(port, "200", "0", "connections: 1, duration: 300ms, warmup: 0", "[\"serviceP99 < 60s\"]"),
                report);
        assertThat(cli.exitCode).as(cli.err).isZero();
        RunReport r = ReportFiles.read(report);
        assertThat(r.serviceLatency()).isNull();
        assertThat(r.dropped()).isZero();
        assertThat(r.serviceOrLatency()).isEqualTo(r.latency());
    }

    @Test
    void theServicesCpuPerRequestIsMeasuredAndGated() throws Exception {
        int port = RunCommandTest.freePort();
        Path report = dir.resolve("r.json");
        // every request burns 3 ms of the server's CPU
        Cli cli = run(scenario(port, "200", "0", "3", "connections: 1, duration: 1s, warmup: 200ms",
                "[\"serviceCpu < 1ms\"]"), report, "--repeat", "2");
        assertThat(cli.exitCode).as("the gate sees more than 1 ms: %s", cli.err).isEqualTo(ExitCodes.GATE_FAILED);
        RunReport r = ReportFiles.read(report);
        assertThat(r.runs()).allSatisfy(rep -> assertThat(rep.cpu().serviceMicros()).as("µs of server CPU per request")
                .isBetween(2_500.0, 20_000.0));
        assertThat(r.cpu().serviceMicros()).isBetween(2_500.0, 20_000.0);
        assertThat(io.perfharness.reports.compare.Distribution.ofReports("r", List.of(r)).samples())
                .containsKey(io.perfharness.reports.compare.Metric.SERVICE_CPU);
    }

    @Test
    void aGateOnSomethingNotMeasuredIsInconclusiveNotPassed() throws Exception {
        Path report = dir.resolve("r.json");
        int port = RunCommandTest.freePort();
        // load has no services: nothing measures a server's CPU
        Path scenario = scenario(port, "200", "0", "connections: 1, duration: 300ms, warmup: 0", "[]");
        RunReport r;
        Cli cli = run(scenario, report);
        assertThat(cli.exitCode).as(cli.err).isZero();
        r = ReportFiles.read(report);
        RunReport withoutServiceCpu = io.perfharness.reports.RunReport.ofRepetitions(r.meta(), r.scenario(), r.step(), r.load(),
                r.repetitions().stream().map(x -> x.withCosts(null, null)).toList());
        var results = Gates.evaluate(List.of(Gates.parse("serviceCpu != 0us")), withoutServiceCpu, List.of());
        assertThat(results.inconclusive()).hasSize(1);
        assertThat(results.results().get(0).message()).contains("not measured");
    }
}
