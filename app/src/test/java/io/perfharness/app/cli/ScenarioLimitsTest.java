package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario files that are huge, use aliases, or hold broken variable references are refused up front, exit 2, one line. */
class ScenarioLimitsTest {

    @TempDir
    Path dir;

    private Cli run(String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return Cli.run("run", f.toString(), "--results", dir.toString());
    }

    @Test
    void aHugeValueIsRefusedQuicklyNamingItsLine() throws Exception {
        Cli cli = run("steps:\n  x:\n    command: \"" + "a".repeat(4_000_000 / 4) + "\"\n");
        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err).contains("line 3").contains("at most 65536");
        assertThat(cli.millis).as("no seconds of parsing").isLessThan(5_000);
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() throws Exception {
        Cli cli = run("# " + "x".repeat(2 << 20) + "\nsteps: {}\n");
        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err).contains("at most 1048576 bytes");
    }

    @Test
    void yamlAliasesAreRefused() throws Exception {
        Cli cli = run("""
                steps:
                  a: {command: &cmd [python3, -c, "pass"]}
                  b: {command: *cmd}
                """);
        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err).contains("line 3").contains("alias *cmd");
    }

    @Test
    void anUnterminatedVariableIsRefused() throws Exception {
        Cli cli = run("steps:\n  a: {command: [\"echo\", \"${HOME\"]}\n");
        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err).contains("steps.a.command").contains("starts no ${NAME}");
    }

    @Test
    void emptyUrlListAndZeroWarmup() throws Exception {
        Cli empty = run("steps:\n  a: {load: {url: []}}\n");
        assertThat(empty.exitCode).isEqualTo(2);
        assertThat(empty.err).contains("steps.a.load.url").contains("at least one URL");
        Cli zero = run("steps:\n  a: {load: {url: \"http://127.0.0.1:1/\", warmup: 0, connections: 0}}\n");
        assertThat(zero.err).as("warmup 0 is fine; connections 0 is not").doesNotContain("warmup")
                .contains("steps.a.load.connections");
    }
}
