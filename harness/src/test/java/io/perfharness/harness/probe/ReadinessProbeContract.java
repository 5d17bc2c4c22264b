package io.perfharness.harness.probe;

import io.perfharness.harness.NoLeaks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.process.ProcessSpec;
import io.perfharness.harness.process.ProcessExitedException;
import io.perfharness.harness.process.ReadinessTimeoutException;
import io.perfharness.harness.process.TestServer;

/**
 * What every readiness probe must do, run against each one by a subclass: succeed when the process
 * satisfies it; time out naming what it waited for; fail fast with the exit code and last lines when
 * the process dies; and, when the process exits 0, keep waiting only if the probe can still succeed.
 */
abstract class ReadinessProbeContract {
    /** The generous bound for "fast": a failure must not wait for the 60 s start-up timeout. */
    static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    int port;

    @BeforeEach
    void pickPort() {
        port = TestServer.freePort();
    }

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    /** @return the probe under test; it may watch {@link #port} and files in {@link #dir} */
    abstract ReadinessProbe probe();

    /** @return a shell script that satisfies the probe and keeps running (it ends by exec'ing a long-lived process) */
    abstract String serve();

    ProcessSpec.Builder<ManagedProcess> sh(String script, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c", script));
        argv.addAll(List.of(args));
        return ManagedProcess.builder("probed").command(argv).readiness(probe())
                .startupTimeout(Duration.ofSeconds(60)).stopGrace(Duration.ofSeconds(2));
    }

    @Test
    void readyWhenTheProcessSatisfiesIt() {
        try (ManagedProcess p = sh(serve()).build().start()) {
            assertThat(p.isAlive()).isTrue();
        }
    }

    @Test
    void timeoutNamesTheProbeAndStopsTheProcess() {
        ManagedProcess p = ManagedProcess.builder("never-ready").command("sleep 300").readiness(probe())
                .startupTimeout(Duration.ofSeconds(1)).build();
        long t0 = System.nanoTime();
        ReadinessTimeoutException e = catchThrowableOfType(ReadinessTimeoutException.class, p::start);
        assertThat(e).as("start() must time out").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1).plus(FAST));
        assertThat(e.probe()).isEqualTo(probe().description());
        assertThat(e.getMessage()).contains("never-ready").contains(probe().description()).contains("1000 ms");
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void exitNonZeroFailsFastWithExitCodeAndLastLines() {
        ManagedProcess p = sh("echo starting; echo 'fatal: no config file' >&2; exit 3").build();
        long t0 = System.nanoTime();
        ProcessExitedException e = catchThrowableOfType(ProcessExitedException.class, p::start);
        assertThat(e).as("start() must fail").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FAST);
        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.lastLines()).contains("starting", "fatal: no config file");
        assertThat(e.getMessage()).contains("code 3").contains("fatal: no config file").contains(probe().description());
    }

    @Test
    void exitZeroLeavingNothingFailsFastSayingWhy() {
        ManagedProcess p = sh("echo done").build();
        long t0 = System.nanoTime();
        ProcessExitedException e = catchThrowableOfType(ProcessExitedException.class, p::start);
        assertThat(e).as("start() must fail").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FAST);
        assertThat(e.exitCode()).isZero();
        assertThat(e.lastLines()).contains("done");
        assertThat(e.getMessage()).contains(probe().survivesExit()
                ? "nothing it started is left" : "cannot succeed once it has exited");
    }

    /** A daemonising parent: it forks a child that satisfies the probe a second later, and exits 0. */
    @Test
    void exitZeroLeavingADaemonWaitsOnlyWhenTheProbeCanStillSucceed() {
        ManagedProcess p = sh("(sleep 1; exec sh -c \"$0\") </dev/null >/dev/null 2>&1 & exit 0", serve()).build();
        if (probe().survivesExit()) {
            p.start();
            assertThat(p.isAlive()).as("the daemon keeps it running").isTrue();
            assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive)).as("the parent").isNotEqualTo(java.util.Optional.of(true));
            p.stop();
            assertThat(p.isAlive()).isFalse();
        } else {
            long t0 = System.nanoTime();
            assertThatThrownBy(p::start).isInstanceOf(ProcessExitedException.class)
                    .hasMessageContaining("cannot succeed once it has exited");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FAST);
        }
    }
}
