package io.perfharness.harness.process;

import io.perfharness.harness.NoLeaks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.probe.Probes;

/** gunicorn, Debian's, serving examples/flask-json: a master with forked workers, and a daemonising variant. */
class GunicornTest {
    static final String GUNICORN = "/usr/bin/gunicorn";

    @TempDir
    Path dir;
    int port;

    @BeforeEach
    void pickPort() {
        port = TestServer.freePort();
    }

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString(), "127.0.0.1:" + port);
    }

    private ProcessSpec.Builder<ManagedProcess> gunicorn(String... extra) {
        List<String> cmd = new java.util.ArrayList<>(List.of(GUNICORN, "--workers", "2", "--bind", "127.0.0.1:" + port));
        cmd.addAll(List.of(extra));
        cmd.add("wsgi:app");
        return ManagedProcess.builder("gunicorn").command(cmd).cwd(TestServer.repoRoot().resolve("examples/flask-json"))
                .readiness(Probes.http("http://127.0.0.1:" + port + "/health", "GET", null, "2xx"))
                .startupTimeout(Duration.ofSeconds(60));
    }

    /** @return the worker pids once both are forked, bounded by 20 s */
    static List<Long> workersOf(long master) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Long> workers = List.of();
        while (System.nanoTime() < deadline) {
            workers = ProcessHandle.of(master).stream().flatMap(ProcessHandle::children).map(ProcessHandle::pid).toList();
            if (workers.size() == 2) {
                return workers;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("gunicorn " + master + " has workers " + workers + ", expected 2");
    }

    @Test
    void stopRemovesTheWorkersAfterTheMasterWasKilled() throws Exception {
        ManagedProcess p = gunicorn().build().start();
        List<Long> workers = workersOf(p.pid());
        ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly(); // SIGKILL: the workers are orphaned
        assertThat(p.awaitExit(Duration.ofSeconds(30))).hasValue(137);

        ProcessExitedException e = catchThrowableOfType(ProcessExitedException.class, p::stop);
        assertThat(e).as("the master died on its own").isNotNull();
        assertThat(e.exitCode()).isEqualTo(137);
        assertThat(workers).noneMatch(ProcessTree::alive);
        assertThat(PortOwners.accepting("127.0.0.1", port)).isFalse();
        p.stop();
    }

    @Test
    void aDaemonisedGunicornIsTrackedThroughItsPidFileAndMarkerAndStopped() throws Exception {
        Path pidFile = dir.resolve("gunicorn.pid");
        ManagedProcess p = gunicorn("--daemon", "--pid", pidFile.toString())
                .readiness(Probes.allOf(Probes.pidFile(pidFile),
                        Probes.http("http://127.0.0.1:" + port + "/health", "GET", null, "2xx")))
                .build().start();
        long master = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(master).isNotEqualTo(p.pid());
        assertThat(p.awaitExit(Duration.ofSeconds(10))).as("the launched parent").hasValue(0);
        List<Long> workers = workersOf(master);
        assertThat(p.isAlive()).isTrue();

        long t0 = System.nanoTime();
        p.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(ProcessTree.alive(master)).isFalse();
        assertThat(workers).noneMatch(ProcessTree::alive);
        assertThat(PortOwners.accepting("127.0.0.1", port)).isFalse();
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void aGunicornTreeStopsOnTerm() throws Exception {
        ManagedProcess p = gunicorn().build().start();
        List<Long> workers = workersOf(p.pid());
        p.stop();
        assertThat(workers).noneMatch(ProcessTree::alive);
        assertThat(PortOwners.accepting("127.0.0.1", port)).isFalse();
    }
}
