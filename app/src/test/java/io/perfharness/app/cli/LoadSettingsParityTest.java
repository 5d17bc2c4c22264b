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
import java.util.stream.Stream;

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

    /**
     * Named endpoints instead of URLs, as flags (with the flags above but {@code -m} and {@code --body}, which a
     * load of endpoints refuses); {@code %s} is the absolute path of the body file.
     */
    private static final String[] ENDPOINT_FLAGS = {"--endpoint", "home=http://127.0.0.1:9/ weight=8",
        "--endpoint", "checkout=post http://127.0.0.1:9/checkout weight=2 header=Content-Type:application/json"
                + " 'header=X-Note: two words' body=@%s"};

    /** The same endpoints in YAML; the body file is relative to the scenario. */
    private static final String ENDPOINTS_YAML = """
              endpoints:
                - {name: home, url: "http://127.0.0.1:9/", weight: 8}
                - name: checkout
                  url: "http://127.0.0.1:9/checkout"
                  method: post
                  headers: {Content-Type: application/json, X-Note: two words}
                  bodyFile: order.json
                  weight: 2
            """;

    /**
     * Stages, which exclude a rate ({@code -R}): the other load of this test, the same settings with stages instead
     * of the rate. Their total is {@code -d}'s 1500ms, which may then be given too.
     */
    private static final String[] STAGE_FLAGS = Stream.concat(
            // stages are HTTP/1.1 only (LoadSpec refuses them with h2)
            Stream.of(FLAGS).limit(FLAGS.length - 3).filter(f -> !f.equals("-R") && !f.equals("50")),
            Stream.of("--stage", "0s:20", "--stage", "1s:20", "--stage", "500ms:60")).toArray(String[]::new);

    private static final String STAGE_YAML = YAML.replace("  rate: 50\n", "").replace("  h2: true\n", "")
            .replace("  streams: 2\n", "") + """
              stages:
                - {duration: 0s, rate: 20}
                - {duration: 1s, rate: 20}
                - {duration: 500ms, rate: 60}
            """;

    private static LoadSpec fromFlags(String... urls) {
        return fromArgs(List.of(FLAGS), urls);
    }

    private static LoadSpec fromFlags(String[] flags, String... urls) {
        return fromArgs(List.of(flags), urls);
    }

    private static LoadSpec fromArgs(List<String> flags, String... urls) {
        LoadCommand cmd = new LoadCommand();
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of(urls));
        new CommandLine(cmd).parseArgs(args.toArray(String[]::new));
        return cmd.spec();
    }

    private Path scenario(String url, String extra) throws IOException {
        return scenario(YAML, url, extra);
    }

    private Path scenario(String yaml, String url, String extra) throws IOException {
        Path f = dir.resolve("s.yaml");
        StringBuilder load = new StringBuilder();
        load.append("        url: \"").append(url).append("\"\n");
        yaml.lines().forEach(l -> load.append("      ").append(l).append('\n'));
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
        LoadSpec stageFlags = fromFlags(STAGE_FLAGS, url.toString());
        Step.Load stageStep = (Step.Load) ScenarioLoader.load(scenario(STAGE_YAML, url.toString(), "")).steps().get("http");
        assertThat(stageStep.load()).isEqualTo(stageFlags);
        Map<String, Object> staged = components(stageFlags);
        components(flags).forEach((name, value) -> {
            if (name.equals("stages")) {
                // stages exclude a rate: the staged load of this test gives them
                assertThat(staged.get(name)).as("setting stages is given by the staged flags and YAML")
                        .isNotEqualTo(defaults.get(name));
            } else if (!name.equals("urls") && !name.equals("endpoints")) {
                // endpoints replace the URLs: endpointFlagsAndYamlAlike sets them
                assertThat(value).as("setting %s is given by the flags and the YAML of this test", name)
                        .isNotEqualTo(defaults.get(name));
            }
        });
        assertThat(flags.toBuilder().build()).as("toBuilder keeps every setting").isEqualTo(flags);
        assertThat(stageFlags.toBuilder().build()).as("toBuilder keeps the stages").isEqualTo(stageFlags);
        // closed-model stages, the other kind: they set the connections
        LoadSpec closed = fromFlags(new String[] {"--stage", "0s:c2", "--stage", "1s:c4"}, url.toString());
        Path closedYaml = scenario("  stages: [{duration: 0s, connections: 2}, {duration: 1s, connections: 4}]\n",
                url.toString(), "");
        assertThat(((Step.Load) ScenarioLoader.load(closedYaml).steps().get("http")).load()).isEqualTo(closed);
        assertThat(closed.connections()).isEqualTo(4);
        assertThat(closed.duration()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void runsStageFlagsReplaceTheScenariosStagesAndDuration() throws Exception {
        URI url = URI.create("http://127.0.0.1:9/x");
        Path file = scenario(STAGE_YAML, url.toString(), "");
        Step.Load step = (Step.Load) ScenarioLoader.load(file).steps().get("http");

        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(file.toString(), "--stage", "2s:30");
        Step.Load overridden = (Step.Load) run.withOverrides(List.of(step)).get(0);

        assertThat(overridden.load().stages()).containsExactly(io.perfharness.loadgen.Stage.rate(Duration.ofSeconds(2), 30));
        assertThat(overridden.load().duration()).as("the new stages' total").isEqualTo(Duration.ofSeconds(2));
        Map<String, Object> before = components(step.load());
        components(overridden.load()).forEach((name, value) -> {
            if (!name.equals("stages") && !name.equals("duration")) {
                assertThat(value).as("setting %s kept by run's --stage", name).isEqualTo(before.get(name));
            }
        });
    }

    /**
     * {@link #FLAGS} less the method and body (switches, which take no value, kept), and {@link #ENDPOINT_FLAGS}
     * with the body file in {@link #dir}.
     */
    private List<String> endpointFlags() throws IOException {
        Path body = dir.resolve("order.json");
        Files.writeString(body, "{\"id\": 1}");
        List<String> args = new ArrayList<>();
        List<String> switches = List.of("--expect-json", "--insecure", "--h2");
        for (int i = 0; i < FLAGS.length; i += switches.contains(FLAGS[i]) ? 1 : 2) {
            if (switches.contains(FLAGS[i])) {
                args.add(FLAGS[i]);
            } else if (!FLAGS[i].equals("-m") && !FLAGS[i].equals("--body")) {
                args.add(FLAGS[i]);
                args.add(FLAGS[i + 1]);
            }
        }
        for (String f : ENDPOINT_FLAGS) {
            args.add(f.formatted(body));
        }
        return args;
    }

    @Test
    void endpointFlagsAndYamlAlike() throws Exception {
        LoadSpec flags = fromArgs(endpointFlags());
        Path f = dir.resolve("e.yaml");
        StringBuilder load = new StringBuilder();
        YAML.lines().filter(l -> !l.strip().startsWith("method:") && !l.strip().startsWith("body:"))
                .forEach(l -> load.append("      ").append(l).append('\n'));
        ENDPOINTS_YAML.lines().forEach(l -> load.append("      ").append(l).append('\n'));
        Files.writeString(f, "steps:\n  http:\n    load:\n" + load);
        Step.Load step = (Step.Load) ScenarioLoader.load(f).steps().get("http");

        assertThat(step.load()).isEqualTo(flags);
        assertThat(flags.endpoints()).hasSize(2);
        var checkout = flags.endpoints().get(1);
        assertThat(checkout.method()).isEqualTo("POST");
        assertThat(checkout.body()).isEqualTo("{\"id\": 1}");
        assertThat(checkout.headers()).containsEntry("X-Note", "two words");
        assertThat(flags.urls()).containsExactly(URI.create("http://127.0.0.1:9/"), URI.create("http://127.0.0.1:9/checkout"));
        assertThat(flags.toBuilder().build()).as("toBuilder keeps the endpoints").isEqualTo(flags);
        Map<String, Object> defaults = components(LoadSpec.builder(URI.create("http://127.0.0.1:9/")).threads(2).build());
        assertThat(components(flags).get("endpoints")).isNotEqualTo(defaults.get("endpoints"));
    }

    @Test
    void endpointsAndUrlsOrTheLoadsMethodAreRefused() throws Exception {
        List<String> args = endpointFlags();
        assertThatUsageError(() -> fromArgs(args, "http://127.0.0.1:9/"), "URLs and --endpoint: give one or the other");
        List<String> withMethod = new ArrayList<>(args);
        withMethod.addAll(List.of("-m", "PUT"));
        assertThatUsageError(() -> fromArgs(withMethod), "-m: a load of named endpoints takes each endpoint's own method");
        assertThatUsageError(() -> fromArgs(List.of("--endpoint", "home=http://127.0.0.1:9/ size=3")), "unknown key 'size'");
        assertThatUsageError(() -> fromArgs(List.of("--endpoint", "home=http://127.0.0.1:9/ body=@nope.json")),
                "bodyFile: cannot read nope.json: no such file");
        assertThatUsageError(() -> fromArgs(List.of("--endpoint", "home=http://127.0.0.1:9/ weight=0")),
                "weight must be 1..");
        assertThatUsageError(() -> fromArgs(List.of()), "a URL or an --endpoint is required");
        Path f = dir.resolve("g.yaml");
        Files.writeString(f, "steps:\n  http:\n    load:\n      endpoints: [{name: home, url: \"http://127.0.0.1:9/\"}]\n"
                + "    gates: [\"p99[cart] < 5ms\"]\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScenarioLoader.load(f))
                .hasMessageContaining("field steps.http.gates[0]: gate 'p99[cart] < 5ms': no endpoint 'cart' in this load (it has home)");
    }

    private static void assertThatUsageError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        org.assertj.core.api.Assertions.assertThatThrownBy(call).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(message);
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
        reachesTheReportParameters(fromFlags("http://127.0.0.1:9/x"));
        reachesTheReportParameters(fromArgs(endpointFlags()));
    }

    private void reachesTheReportParameters(LoadSpec spec) throws Exception {
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
                case "endpoints" -> spec.endpoints().isEmpty() ? null : spec.endpoints().stream()
                        .map(x -> new LoadParameters.Endpoint(x.name(), x.method(), x.url().toString(), x.headers(),
                                LoadParameters.Body.of(x.body()), x.weight())).toList();
                case "stages" -> stages(spec);
                default -> e.getValue();
            };
            assertThat(value).as("report parameter %s", name).isEqualTo(expected);
        }
        LoadSpec staged = fromFlags(STAGE_FLAGS, "http://127.0.0.1:9/x");
        assertThat(LoadReports.parameters(staged).stages()).as("report parameter stages").isEqualTo(stages(staged))
                .containsExactly(new LoadParameters.Stage(0, 20.0, null), new LoadParameters.Stage(1, 20.0, null),
                        new LoadParameters.Stage(0.5, 60.0, null));
        // and it survives the file
        RunReport report = RunReport.ofRepetitions(io.perfharness.reports.RunMeta.collect(dir), "s", "http", p,
                List.of(io.perfharness.reports.Repetition.of(0, 1, io.perfharness.reports.ErrorCounts.NONE,
                        new org.HdrHistogram.Histogram(3), List.of())));
        Path file = dir.resolve("r.json");
        ReportFiles.write(report, file);
        assertThat(ReportFiles.read(file).load()).isEqualTo(p);
    }

    /** @return the stages of {@code spec} as the report records them: durations in s; null for none */
    private static List<LoadParameters.Stage> stages(LoadSpec spec) {
        return spec.stages().isEmpty() ? null : spec.stages().stream()
                .map(s -> new LoadParameters.Stage(s.duration().toNanos() / 1e9, s.rate(), s.connections())).toList();
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
