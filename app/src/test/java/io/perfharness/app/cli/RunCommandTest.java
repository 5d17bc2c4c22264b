package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;

/** {@code run} with small scenarios of real commands: selection, failures, exit codes. */
class RunCommandTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private Path scenario(String yaml) throws IOException {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static final String THREE_STEPS = """
            steps:
              a:
                command: [sh, -c, "touch a.done"]
              b:
                command: "sh -c 'touch b.done'"
              c:
                command: [sh, -c, "touch c.done"]
            default: [a, c]
            """;

    @Test
    void runsTheDefaultStepsWhenNoneAreNamed() throws Exception {
        Cli cli = Cli.run("run", scenario(THREE_STEPS).toString(), "--results", dir.toString());
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(dir.resolve("a.done")).exists();
        assertThat(dir.resolve("b.done")).doesNotExist();
        assertThat(dir.resolve("c.done")).exists();
    }

    @Test
    void runsOnlyTheNamedStepsInTheirOrder() throws Exception {
        Cli cli = Cli.run("run", scenario(THREE_STEPS).toString(), "b", "--results", dir.toString());
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(dir.resolve("b.done")).exists();
        assertThat(dir.resolve("a.done")).doesNotExist();
        assertThat(dir.resolve("c.done")).doesNotExist();
    }

    @Test
    void failingCommandStepExits3WithItsOutputAndSkipsLaterSteps() throws Exception {
        Path f = scenario("""
                steps:
                  bad:
                    command: [sh, -c, "echo something broke >&2; exit 4"]
                  later:
                    command: [sh, -c, "touch later.done"]
                """);
        Cli cli = Cli.run("run", f.toString(), "--results", dir.toString());
        assertThat(cli.exitCode).isEqualTo(3);
        assertThat(cli.err).contains("step bad").contains("exited with code 4").contains("something broke");
        assertThat(dir.resolve("later.done")).doesNotExist();
    }

    @Test
    void unknownStepIsAUsageError() throws Exception {
        Cli cli = Cli.run("run", scenario(THREE_STEPS).toString(), "nope");
        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err).contains("unknown step 'nope'").contains("a, b, c");
    }

    @Test
    void missingScenarioFileIsAUsageError() {
        Cli cli = Cli.run("run", dir.resolve("absent.yaml").toString());
        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err).contains("absent.yaml").contains("no such scenario file");
        assertThat(cli.err.lines().count()).isEqualTo(1);
    }

    @Test
    void serviceThatDiesDuringStartupFailsFastWithItsExitCodeAndOutput() throws Exception {
        int port = freePort();
        Path f = scenario("""
                services:
                  srv:
                    command: [sh, -c, "echo starting up; echo cannot bind >&2; exit 7"]
                    ready: {tcp: "127.0.0.1:%d"}
                    startupTimeout: 60s
                steps:
                  load:
                    services: [srv]
                    load: {url: "http://127.0.0.1:%d/", duration: 1s}
                """.formatted(port, port));
        Cli cli = Cli.run("run", f.toString(), "--results", dir.toString(), "--quiet");
        assertThat(cli.exitCode).isEqualTo(3);
        assertThat(cli.err).contains("srv exited with code 7").contains("cannot bind").contains("starting up");
        assertThat(cli.millis).as("fails long before the 60 s start-up timeout").isLessThan(10_000);
    }

    @Test
    void readinessTimeoutNamesTheProbeAndKillsTheTree() throws Exception {
        int port = freePort();
        Path f = scenario("""
                services:
                  sleeper:
                    command: [sh, -c, "sleep 60 & sleep 61"]
                    ready: {tcp: "127.0.0.1:%d"}
                    startupTimeout: 1s
                steps:
                  load:
                    services: [sleeper]
                    load: {url: "http://127.0.0.1:%d/", duration: 1s}
                """.formatted(port, port));
        Cli cli = Cli.run("run", f.toString(), "--results", dir.toString(), "--quiet");
        assertThat(cli.exitCode).isEqualTo(3);
        assertThat(cli.err).contains("sleeper not ready after 1000 ms").contains("tcp 127.0.0.1:" + port);
        assertThat(NoLeaks.processesWith("sleep 60", "sleep 61")).isEmpty();
    }

    @Test
    void portAlreadyTakenIsRefusedNamingPortAndHolder() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path f = scenario("""
                    services:
                      srv:
                        command: [sh, -c, "touch started; sleep 30"]
                        ready: {tcp: "127.0.0.1:%d"}
                    steps:
                      load:
                        services: [srv]
                        load: {url: "http://127.0.0.1:%d/", duration: 1s}
                    """.formatted(port, port));
            Cli cli = Cli.run("run", f.toString(), "--results", dir.toString(), "--quiet");
            assertThat(cli.exitCode).isEqualTo(3);
            assertThat(cli.err).contains("port " + port).contains("already in use")
                    .contains("pid " + ProcessHandle.current().pid());
            assertThat(dir.resolve("started")).as("the service was never launched").doesNotExist();
        }
    }
}
