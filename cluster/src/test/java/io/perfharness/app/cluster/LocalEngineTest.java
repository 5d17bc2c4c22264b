package io.perfharness.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;

/** How the local engine handles agents that fail or overrun; the happy path is {@code ClusterRunLocalTest}'s. */
class LocalEngineTest {

    @TempDir
    Path dir;

    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private AgentPlan plan(Duration deadline) {
        return new AgentPlan("t", 2, List.of("http://127.0.0.1:9/"), Instant.now(), deadline);
    }

    @Test
    void anAgentThatExitsNonZeroFailsTheRunWithItsLastLinesAndTheOthersAreStopped() {
        // agent 1 fails at once; agent 0 would run for a minute
        LocalEngine engine = new LocalEngine(dir, List.of("sh", "-c",
                "case \"$*\" in *'--segment 1/2'*) echo 'boom: no such thing' >&2; exit 7;; *) sleep 60;; esac", "sh", dir.toString()));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> engine.run(plan(Duration.ofSeconds(30)), out))
                .isInstanceOf(AgentFailedException.class)
                .hasMessageContaining("agent 1/2 (pid ").hasMessageContaining("exited with code 7")
                .hasMessageContaining("| boom: no such thing");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(15);
    }

    @Test
    void agentsStillRunningAtTheDeadlineAreStoppedAndTheRunFails() {
        LocalEngine engine = new LocalEngine(dir, List.of("sh", "-c", "sleep 60", "sh", dir.toString()));
        assertThatThrownBy(() -> engine.run(plan(Duration.ofSeconds(1)), out))
                .isInstanceOf(AgentFailedException.class)
                .hasMessageContaining("2 of 2 agents still running after the deadline of 1 s");
    }

    @Test
    void describeListsEachAgentsCommandLine() {
        LocalEngine engine = new LocalEngine(dir, List.of("java", "-cp", "x", "io.perfharness.app.cli.Main"));
        String d = engine.describe(plan(Duration.ofSeconds(5)));
        assertThat(d.lines()).hasSize(2);
        assertThat(d.lines().toList().get(1)).startsWith("java -cp x io.perfharness.app.cli.Main load http://127.0.0.1:9/ --segment 1/2 --start-at ");
    }
}
