package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;

/** Scenario services start through the orchestrator: {@code dependsOn}, {@code keepUp}, reverse-order stop, no leaks. */
class ServiceLifecycleTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private String run(int expectedExit, String yaml, String... steps) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] args = new String[steps.length + 6];
        args[0] = "run";
        args[1] = f.toString();
        System.arraycopy(steps, 0, args, 2, steps.length);
        args[steps.length + 2] = "--results";
        args[steps.length + 3] = dir.toString();
        args[steps.length + 4] = "--output";
        args[steps.length + 5] = "none";
        int code = cmd.execute(args);
        assertThat(code).as("exit code; out:%n%s%nerr:%n%s", out, err).isEqualTo(expectedExit);
        return out.toString();
    }

    private String server(String name, int port, String extra) {
        return """
                  %s:
                    command: [python3, -m, http.server, "%d", --bind, 127.0.0.1, --directory, "%s"]
                    ready: {tcp: "127.0.0.1:%d"}
                %s""".formatted(name, port, dir, port, extra);
    }

    @Test
    void dependenciesStartFirstAndKeptServicesStayUpAcrossSteps() throws Exception {
        int db = RunCommandTest.freePort();
        int api = RunCommandTest.freePort();
        String yaml = "services:\n" + server("db", db, "")
                + server("api", api, "    dependsOn: [db]\n    keepUp: true\n") + """
                steps:
                  first:
                    services: [api]
                    command: [python3, -c, "import urllib.request; urllib.request.urlopen('http://127.0.0.1:%d/')"]
                  second:
                    services: [api]
                    command: [python3, -c, "import urllib.request; urllib.request.urlopen('http://127.0.0.1:%d/')"]
                """.formatted(db, api);
        String out = run(0, yaml, "first", "second");

        assertThat(out).contains("starting db").contains("starting api").contains("(after db ready)");
        assertThat(out.indexOf("db ready")).as("db is ready before api").isLessThan(out.indexOf("api ready"));
        assertThat(out).contains("kept up: db, api");
        assertThat(out.split("starting api", -1)).as("api started once for both steps").hasSize(2);
        assertThat(out.indexOf("stopped api")).as("reverse order: api before db").isLessThan(out.indexOf("stopped db"));
    }

    @Test
    void aStartedConditionDoesNotWaitForTheDependencysReadiness() throws Exception {
        int port = RunCommandTest.freePort();
        String yaml = """
                services:
                  slow:
                    command: [python3, -c, "import time; time.sleep(1.5); print('up', flush=True); time.sleep(60)"]
                    ready: {banner: "^up$"}
                """ + server("fast", port, "    dependsOn: {slow: started}\n") + """
                steps:
                  only: {services: [fast], command: [python3, -c, "pass"]}
                """;
        String out = run(0, yaml, "only");
        assertThat(out).contains("(after slow started)");
        assertThat(out.indexOf("fast ready")).as("fast is ready before slow").isLessThan(out.indexOf("slow ready"));
    }

    @Test
    void servicesNotKeptUpAreStartedAgainForTheNextStep() throws Exception {
        int port = RunCommandTest.freePort();
        String yaml = "services:\n" + server("web", port, "") + """
                steps:
                  first: {services: [web], command: [python3, -c, "pass"]}
                  second: {services: [web], command: [python3, -c, "pass"]}
                """;
        String out = run(0, yaml, "first", "second");
        assertThat(out.split("starting web", -1)).hasSize(3);
        assertThat(out.split("stopped web", -1)).hasSize(3);
    }

    @Test
    void aDependencyThatCannotStartFailsTheStepAndLeavesNothing() throws Exception {
        int port = RunCommandTest.freePort();
        String yaml = "services:\n" + """
                  broken:
                    command: [python3, -c, "import sys; sys.exit(3)"]
                    ready: {tcp: "127.0.0.1:%d"}
                """.formatted(port) + server("api", RunCommandTest.freePort(), "    dependsOn: [broken]\n") + """
                steps:
                  only: {services: [api], command: [python3, -c, "pass"]}
                """;
        String out = run(ExitCodes.RUN_FAILED, yaml, "only");
        assertThat(out).contains("starting broken");
    }

    @Test
    void aDependencyCycleIsAScenarioError() throws Exception {
        String yaml = "services:\n" + server("a", 1, "    dependsOn: [b]\n") + server("b", 2, "    dependsOn: [a]\n")
                + "steps:\n  only: {services: [a], command: [python3, -c, \"pass\"]}\n";
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        Cli cli = Cli.run("run", f.toString());
        assertThat(cli.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err).contains("dependsOn").contains("dependency cycle: a -> b -> a");
    }

    @Test
    void aServiceNamedLikeAPathLogsInsideTheResultsFolder() throws Exception {
        int port = RunCommandTest.freePort();
        String yaml = "services:\n" + server("'../../escaped'", port, "") + """
                steps:
                  only: {services: ["../../escaped"], command: [python3, -c, "pass"]}
                """;
        run(0, yaml, "only");
        assertThat(dir.resolveSibling("escaped.log")).doesNotExist();
        assertThat(dir.getParent().resolveSibling("escaped.log")).doesNotExist();
        try (var files = java.nio.file.Files.walk(dir.resolve("logs"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .contains(io.perfharness.reports.io.FileNames.safe("../../escaped") + ".log");
        }
    }
}
