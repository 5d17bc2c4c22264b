package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.app.scenario.ScenarioLoader;
import io.perfharness.app.scenario.Step;
import io.perfharness.loadgen.LoadSpec;
import picocli.CommandLine;

/** The {@code load} command's flags and a scenario's load step produce the same {@link LoadSpec}. */
class LoadSettingsAgreeTest {

    @TempDir
    Path dir;

    @Test
    void flagsAndScenarioLoadStepAgree() throws Exception {
        LoadCommand cmd = new LoadCommand();
        new CommandLine(cmd).parseArgs("-t", "1", "-c", "7", "-d", "3s", "--warmup", "250ms", "--timeout", "2s",
                "-H", "Accept: application/json", "-m", "post", "--body", "{}",
                "--expect-status", "200,201", "--expect-json",
                "http://127.0.0.1:8001/a", "http://127.0.0.1:8001/b?x=1");
        LoadSpec fromFlags = cmd.spec();

        Path f = dir.resolve("s.yaml");
        Files.writeString(f, """
                steps:
                  l:
                    load:
                      url: ["http://127.0.0.1:8001/a", "http://127.0.0.1:8001/b?x=1"]
                      threads: 1
                      connections: 7
                      duration: 3s
                      warmup: 250ms
                      timeout: 2s
                      headers: {Accept: application/json}
                      method: post
                      body: "{}"
                      expectStatus: [200, 201]
                      expectJson: true
                """);
        LoadSpec fromScenario = ((Step.Load) ScenarioLoader.load(f).steps().get("l")).load();

        assertThat(fromFlags).isEqualTo(fromScenario);
        assertThat(fromFlags.method()).isEqualTo("POST");
        assertThat(fromFlags.connections()).isEqualTo(7);
        assertThat(fromFlags.expectJson()).isTrue();
        assertThat(fromFlags.toBuilder().build()).as("toBuilder keeps every setting").isEqualTo(fromFlags);
    }

    @Test
    void defaultsAgreeToo() throws Exception {
        LoadCommand cmd = new LoadCommand();
        new CommandLine(cmd).parseArgs("http://127.0.0.1:8001/");
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "steps:\n  l: {load: {url: \"http://127.0.0.1:8001/\"}}\n");
        assertThat(cmd.spec()).isEqualTo(((Step.Load) ScenarioLoader.load(f).steps().get("l")).load());
    }
}
