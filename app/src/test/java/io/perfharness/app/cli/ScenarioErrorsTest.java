package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad scenario files: one line saying where and what, exit code 2, nothing run. */
class ScenarioErrorsTest {

    @TempDir
    Path dir;

    private Cli runWith(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return Cli.run("run", f.toString(), "--results", dir.toString());
    }

    private static void assertOneLineUsageError(Cli cli, String... fragments) {
        assertThat(cli.exitCode).as(cli.err).isEqualTo(2);
        assertThat(cli.err.strip().lines().count()).as(cli.err).isEqualTo(1);
        for (String f : fragments) {
            assertThat(cli.err).contains(f);
        }
    }

    @Test
    void malformedYamlSaysLineAndColumn() throws Exception {
        Cli cli = runWith("bad.yaml", "steps:\n  a:\n    command: [sh, -c\n  b: x\n");
        assertOneLineUsageError(cli, "bad.yaml", "line ", "column ", "malformed YAML");
    }

    @Test
    void malformedJsonSaysLineAndColumn() throws Exception {
        Cli cli = runWith("bad.json", "{\"steps\": {\"a\": {\"command\": [\"true\"],}}}");
        assertOneLineUsageError(cli, "bad.json", "line 1", "malformed JSON");
    }

    @Test
    void jsonScenarioIsAccepted() throws Exception {
        Cli cli = runWith("ok.json", "{\"steps\": {\"a\": {\"command\": [\"sh\", \"-c\", \"touch ok\"]}}}");
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(dir.resolve("ok")).exists();
    }

    @Test
    void unknownFieldIsNamedWithItsLine() throws Exception {
        Cli cli = runWith("s.yaml", "steps:\n  a:\n    command: [\"true\"]\n    comand: x\n");
        assertOneLineUsageError(cli, "line 4", "unknown field 'comand'");
    }

    @Test
    void unknownProbeKindIsNamed() throws Exception {
        Cli cli = runWith("s.yaml", """
                services:
                  srv:
                    command: [sleep, "5"]
                    ready: {udp: 9}
                steps:
                  a: {command: ["true"], services: [srv]}
                """);
        assertOneLineUsageError(cli, "services.srv.ready", "unknown probe kind 'udp'");
    }

    @Test
    void stepNamingAMissingServiceIsRefused() throws Exception {
        Cli cli = runWith("s.yaml", "steps:\n  a: {command: [\"true\"], services: [db]}\n");
        assertOneLineUsageError(cli, "steps.a.services[0]", "unknown service 'db'");
    }

    @Test
    void emptyBuildCommandIsRefused() throws Exception {
        Cli cli = runWith("s.yaml", "build: []\nsteps:\n  a: {command: [\"true\"]}\n");
        assertOneLineUsageError(cli, "field build", "empty command");
    }

    @Test
    void aScenariosBuildIsNotRunByRun() throws Exception {
        Cli cli = runWith("s.yaml", "build: [touch, built]\nsteps:\n  a: {command: [\"true\"]}\n");
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(dir.resolve("built")).as("run measures the tree as it is; ab and bisect build").doesNotExist();
    }

    @Test
    void unknownDefaultStepIsRefused() throws Exception {
        Cli cli = runWith("s.yaml", "steps:\n  a: {command: [\"true\"]}\ndefault: [a, b]\n");
        assertOneLineUsageError(cli, "default[1]", "unknown step 'b'");
    }

    @Test
    void badDurationIsRefused() throws Exception {
        Cli cli = runWith("s.yaml", "steps:\n  l: {load: {url: \"http://127.0.0.1:9/\", duration: soon}}\n");
        assertOneLineUsageError(cli, "steps.l.load.duration", "not a duration");
    }

    @Test
    void unreadableScenarioIsRefused() throws Exception {
        Cli cli = Cli.run("run", dir.resolve("nothing-here.yaml").toString());
        assertOneLineUsageError(cli, "no such scenario file");
    }
}
