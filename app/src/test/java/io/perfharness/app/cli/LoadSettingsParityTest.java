package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.perfharness.app.run.LoadReports;
import io.perfharness.app.scenario.ScenarioLoader;
import io.perfharness.app.scenario.Step;
import io.perfharness.harness.NoLeaks;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;
import picocli.CommandLine;

/**
 * Every load setting, given by flags, by YAML, through {@code run}'s overrides and through {@code --repeat},
 * arrives in the load generator, in the report and in the gate evaluation. The checks walk
 * {@link LoadSpec}'s record components, so a new setting that is not carried everywhere fails here.
 */
class LoadSettingsParityTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    /** Every setting away from its default, as flags. */
    private static final String[] FLAGS = {"-t", "1", "-c", "3", "-d", "1500ms", "--warmup", "250ms", "--timeout", "2s",
        "-R", "50", "-m", "post", "-H", "X-Parity: yes", "--body", "{\"a\": 1}", "--expect-status", "200,201",
        "--expect-json", "--insecure", "--h2", "--streams", "2"};

    /** The same, as a scenario's load block (URL added by the caller). */
    private static final String YAML = """
              threads: 1
              connections: 3
              duration: 1500ms
              warmup: 250ms
              timeout: 2s
              rate: 50
              method: post
              headers: {X-Parity: "yes"}
              body: '{"a": 1}'
              expectStatus: [200, 201]
              expectJson: true
              insecure: true
              h2: true
              streams: 2
            """;

    private static LoadSpec fromFlags(String... urls) {
        LoadCommand cmd = new LoadCommand();
        List<String> args = new ArrayList<>(List.of(FLAGS));
        args.addAll(List.of(urls));
        new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        return cmd.spec();
    }

    private Path scenario(String url, String extra) throws IOException {
        Path f = dir.resolve("s.yaml");
        StringBuilder load = new StringBuilder();
        load.append("        url: \"").append(url).append("\"\n");
        YAML.lines().forEach(l -> load.append("      ").append(l).append('\n'));
        Files.writeString(f, "steps:\n  http:\n    load:\n" + load + extra);
        return f;
    }

    private static Map<String, Object> components(Object record) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            out.put(c.getName(), c.getAccessor().invoke(record));
        }
        return out;
    }

    @Test
    void flagsAndYamlSetEverySettingAlike() throws Exception {
        URI url = URI.create("http://127.0.0.1:9/x");
        LoadSpec flags = fromFlags(url.toString());
        Step.Load step = (Step.Load) ScenarioLoader.load(scenario(url.toString(), "")).steps().get("http");

        assertThat(step.load()).isEqualTo(flags);
        // the test sets every setting: a component still at its default is one this test (and so the parsers) missed
        Map<String, Object> defaults = components(LoadSpec.builder(url).threads(2).build());
        components(flags).forEach((name, value) -> {
            if (!name.equals("urls")) {
                assertThat(value).as("setting %s is given by the flags and the YAML of this test", name)
                        .isNotEqualTo(defaults.get(name));
            }
        });
        assertThat(flags.toBuilder().build()).as("toBuilder keeps every setting").isEqualTo(flags);
    }

    @Test
    void runOverridesAndRepetitionsChangeOnlyWhatTheySay() throws Exception {
        URI url = URI.create("http://127.0.0.1:9/x");
        Path file = scenario(url.toString(), "    gates: [\"throughput > 1000000\"]\n");
        Step.Load step = (Step.Load) ScenarioLoader.load(file).steps().get("http");

        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(file.toString(), "-d", "2s", "--warmup", "0", "-c", "5");
        Step.Load overridden = (Step.Load) run.withOverrides(List.of(step)).get(0);

        assertThat(overridden.gates()).as("gates survive the overrides").isEqualTo(step.gates()).isNotEmpty();
        Map<String, Object> before = components(step.load());
        Map<String, Object> after = components(overridden.load());
        before.forEach((name, value) -> {
            switch (name) {
                case "duration" -> assertThat(after.get(name)).isEqualTo(Duration.ofSeconds(2));
                case "warmup" -> assertThat(after.get(name)).isEqualTo(Duration.ZERO);
                case "connections" -> assertThat(after.get(name)).isEqualTo(5);
                default -> assertThat(after.get(name)).as("setting %s kept by run's overrides", name).isEqualTo(value);
            }
        });

        Map<String, Object> repeated = components(io.perfharness.app.run.RepetitionsAccess.withoutWarmup(step.load()));
        before.forEach((name, value) -> {
            if (!name.equals("warmup")) {
                assertThat(repeated.get(name)).as("setting %s kept by repetitions 2..N", name).isEqualTo(value);
            }
        });
    }

    @Test
    void everySettingReachesTheReportParameters() throws Exception {
        LoadSpec spec = fromFlags("http://127.0.0.1:9/x");
        LoadParameters p = LoadReports.parameters(spec);
        Map<String, Object> params = components(p);
        // the report's name of each setting, where it differs (durations are seconds, the body a digest)
        Map<String, String> renamed = Map.of("duration", "durationSeconds", "warmup", "warmupSeconds",
                "timeout", "timeoutSeconds", "expectedStatus", "expectStatus");
        for (Map.Entry<String, Object> e : components(spec).entrySet()) {
            String name = renamed.getOrDefault(e.getKey(), e.getKey());
            assertThat(params).as("report parameters carry setting %s", e.getKey()).containsKey(name);
            Object value = params.get(name);
            Object expected = switch (e.getKey()) {
                case "urls" -> spec.urls().stream().map(URI::toString).toList();
                case "duration", "warmup", "timeout" -> ((Duration) e.getValue()).toNanos() / 1e9;
                case "body" -> LoadParameters.Body.of(spec.body());
                case "expectedStatus" -> List.copyOf((Set<?>) e.getValue());
                default -> e.getValue();
            };
            assertThat(value).as("report parameter %s", name).isEqualTo(expected);
        }
        // and it survives the file
        RunReport report = RunReport.ofRepetitions(io.perfharness.reports.RunMeta.collect(dir), "s", "http", p,
                List.of(io.perfharness.reports.Repetition.of(0, 1, io.perfharness.reports.ErrorCounts.NONE,
                        new org.HdrHistogram.Histogram(3), List.of())));
        Path file = dir.resolve("r.json");
        ReportFiles.write(report, file);
        assertThat(ReportFiles.read(file).load()).isEqualTo(p);
    }

    /**
     * End to end against a real server: with {@code -d} and {@code --warmup} overrides and three repetitions,
     * the server sees the method, header and body; every repetition checks the status; the report holds the
     * expectations; and the step's gate is evaluated (it fails, exit 1).
     */
    @Test
    void endToEndEverySettingArrivesAndTheGateIsEvaluated() throws Exception {
        int port = RunCommandTest.freePort();
        Path record = dir.resolve("record.json");
        Path server = Path.of(getClass().getResource("/echo_server.py").toURI());
        Path f = dir.resolve("e2e.yaml");
        Files.writeString(f, """
                services:
                  echo:
                    command: [python3, "%s", "%d", "%s", "200"]
                    ready: {tcp: "127.0.0.1:%d"}
                steps:
                  http:
                    services: [echo]
                    load:
                      url: "http://127.0.0.1:%d/p"
                      method: PUT
                      headers: {X-Parity: "yes"}
                      body: "hello"
                      connections: 1
                      duration: 30s
                      warmup: 5s
                      expectStatus: [204]
                    gates: ["errors == 0"]
                """.formatted(server, port, record, port, port));
        Path report = dir.resolve("r.json");
        Cli cli = Cli.run("run", f.toString(), "http", "-d", "700ms", "--warmup", "300ms", "--repeat", "3",
                "--report", report.toString(), "--results", dir.toString(), "--quiet", "--output", "none");

        assertThat(cli.exitCode).as("the gate fails, so run exits 1: %s", cli.err).isEqualTo(ExitCodes.GATE_FAILED);
        JsonNode seen = new ObjectMapper().readTree(record.toFile());
        assertThat(seen.get("method").asText()).isEqualTo("PUT");
        assertThat(seen.get("path").asText()).isEqualTo("/p");
        assertThat(seen.get("headers").get("X-Parity").asText()).isEqualTo("yes");
        assertThat(seen.get("body").asText()).isEqualTo("hello");

        RunReport r = ReportFiles.read(report);
        assertThat(r.load().durationSeconds()).isEqualTo(0.7);
        assertThat(r.load().warmupSeconds()).isEqualTo(0.3);
        assertThat(r.load().expectStatus()).containsExactly(204);
        assertThat(r.load().headers()).containsEntry("X-Parity", "yes");
        assertThat(r.load().body()).isEqualTo(LoadParameters.Body.of("hello"));
        assertThat(r.repetitions()).hasSize(3).allSatisfy(rep ->
                assertThat(rep.errors().status().getOrDefault(200, 0L)).as("every repetition checks the status")
                        .isEqualTo(rep.requests()));
        assertThat(r.repetitions().get(1).requests() + r.repetitions().get(2).requests()).isPositive();
    }
}
