package io.perfharness.harness.orchestration;

import io.perfharness.harness.NoLeaks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.process.ProcessExitedException;

/** Dependency order, parallel starts, reverse stops, and clean-up when a start fails — with real processes. */
class OrchestratorTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    /**
     * A service that logs {@code start}, becomes ready after {@code readySeconds} (logs {@code ready}, prints
     * the banner), and logs {@code stop} on TERM, all into {@code events.log}.
     */
    private ManagedProcess service(String name, double readySeconds) {
        Path log = dir.resolve("events.log");
        String script = "echo 'start " + name + "' >> '" + log + "'; "
                + "trap \"echo 'stop " + name + "' >> '" + log + "'; exit 0\" TERM; "
                + "sleep " + readySeconds + "; echo 'ready " + name + "' >> '" + log + "'; echo ready; "
                + "while :; do sleep 0.05; done";
        return ManagedProcess.builder(name).command(List.of("sh", "-c", script))
                .readiness(Probes.banner("^ready$")).startupTimeout(Duration.ofSeconds(60)).build();
    }

    private List<String> events() throws IOException {
        Path log = dir.resolve("events.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void startsInDependencyOrderAndStopsInReverse() throws IOException {
        Orchestrator all = Orchestrator.builder()
                .add(service("web", 0.2), "api")
                .add(service("api", 0.5), "db")
                .add(service("db", 0.5))
                .build();
        try (Orchestrator o = all.start()) {
            assertThat(o.processes()).allMatch(ManagedProcess::isAlive);
            assertThat(o.started()).extracting(ManagedProcess::name).containsExactly("db", "api", "web");
        }
        assertThat(all.processes()).noneMatch(ManagedProcess::isAlive);
        List<String> e = events();
        assertThat(e.indexOf("ready db")).isLessThan(e.indexOf("start api"));
        assertThat(e.indexOf("ready api")).isLessThan(e.indexOf("start web"));
        assertThat(e.subList(e.indexOf("stop web"), e.size())).containsExactly("stop web", "stop api", "stop db");
    }

    @Test
    void startsIndependentProcessesInParallel() throws IOException {
        try (Orchestrator o = Orchestrator.builder()
                .add(service("a", 1.5)).add(service("b", 1.5)).add(service("c", 1.5))
                .add(service("after", 0), "a", "b", "c")
                .build().start()) {
            List<String> e = events();
            // each of a, b, c started before any of them was ready: nobody waited for a sibling
            int firstReady = List.of("ready a", "ready b", "ready c").stream().mapToInt(e::indexOf).min().orElseThrow();
            assertThat(List.of("start a", "start b", "start c")).allMatch(s -> e.indexOf(s) >= 0 && e.indexOf(s) < firstReady);
            int lastReady = List.of("ready a", "ready b", "ready c").stream().mapToInt(e::indexOf).max().orElseThrow();
            assertThat(e.indexOf("start after")).isGreaterThan(lastReady);
        }
    }

    @Test
    void aFailedStartStopsThoseAlreadyStartedBeforeThrowing() throws IOException {
        ManagedProcess db = service("db", 0);
        ManagedProcess api = ManagedProcess.builder("api").command(List.of("sh", "-c", "echo 'cannot reach db' >&2; exit 3"))
                .readiness(Probes.banner("^ready$")).build();
        ManagedProcess web = service("web", 0);
        Orchestrator o = Orchestrator.builder().add(db).add(api, "db").add(web, "api").build();
        ProcessExitedException e = catchThrowableOfType(ProcessExitedException.class, o::start);
        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith("api").contains("cannot reach db");
        assertThat(db.isAlive()).isFalse();
        assertThat(events()).containsExactly("start db", "ready db", "stop db");
        assertThatThrownBy(web::pid).as("never started").isInstanceOf(IllegalStateException.class);
        assertThat(o.started()).isEmpty();
        o.stop();
    }

    /** A failure that comes at once, repeatedly: start() must never return as if all were ready. */
    @Test
    void anImmediateFailureIsAlwaysThrown() {
        for (int i = 0; i < 30; i++) {
            ManagedProcess db = ManagedProcess.builder("db").command("sleep 300").build();
            Orchestrator o = Orchestrator.builder().add(db)
                    .add(ManagedProcess.builder("api").command(List.of("sh", "-c", "exit 2")).readiness(Probes.banner("x")).build(), "db")
                    .add(ManagedProcess.builder("side").command("sleep 300").build())
                    .build();
            assertThatThrownBy(o::start).as("attempt %d", i).isInstanceOf(ProcessExitedException.class);
            assertThat(db.isAlive()).isFalse();
        }
    }

    @Test
    void aFailureAbandonsAnIndependentStartInProgress() {
        ManagedProcess slow = ManagedProcess.builder("slow").command("sleep 300")
                .readiness(Probes.banner("never")).startupTimeout(Duration.ofSeconds(120)).build();
        ManagedProcess bad = ManagedProcess.builder("bad").command(List.of("sh", "-c", "sleep 0.5; exit 4"))
                .readiness(Probes.banner("never")).build();
        long t0 = System.nanoTime();
        ProcessExitedException e = catchThrowableOfType(ProcessExitedException.class,
                () -> Orchestrator.builder().add(slow).add(bad).build().start());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(4);
        assertThat(slow.isAlive()).isFalse();
    }

    private static final String EXITS_7_ON_TERM = "trap 'exit 7' TERM; echo ready; while :; do sleep 0.05; done";

    @Test
    void stopStopsEveryProcessEvenWhenOneStopFails() {
        ManagedProcess odd = ManagedProcess.builder("odd").command(List.of("sh", "-c", EXITS_7_ON_TERM))
                .readiness(Probes.banner("^ready$")).build();
        ManagedProcess db = service("db", 0);
        Orchestrator o = Orchestrator.builder().add(db).add(odd, "db").build().start();
        ProcessExitedException e = catchThrowableOfType(ProcessExitedException.class, o::close);
        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(7);
        assertThat(odd.isAlive()).isFalse();
        assertThat(db.isAlive()).isFalse();
        o.stop();
    }

    @Test
    void canStartAgainAfterStop() {
        Orchestrator o = Orchestrator.builder().add(service("db", 0)).build();
        o.start().stop();
        o.start();
        assertThat(o.get("db").isAlive()).isTrue();
        assertThatThrownBy(o::start).isInstanceOf(IllegalStateException.class);
        o.close();
    }

    @Test
    void rejectsUnknownDependenciesCyclesAndDuplicateNames() {
        assertThatThrownBy(() -> Orchestrator.builder().add(service("a", 0), "b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a depends on b, which was not added");
        assertThatThrownBy(() -> Orchestrator.builder().add(service("a", 0), "b").add(service("b", 0), "c")
                .add(service("c", 0), "a").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dependency cycle: a -> b -> c -> a");
        assertThatThrownBy(() -> Orchestrator.builder().add(service("a", 0)).add(service("a", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two processes are named a");
        assertThatThrownBy(() -> Orchestrator.builder().add(service("a", 0)).build().get("z"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
