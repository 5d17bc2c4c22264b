package io.perfharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.process.TestServer;

class AllOfProbeContractTest extends ReadinessProbeContract {
    @Override
    ReadinessProbe probe() {
        return Probes.allOf(Probes.banner("listening on \\d+"), Probes.tcp("127.0.0.1", port));
    }

    @Override
    String serve() {
        return "exec " + TestServer.shellCommand(dir, port, "--raw");
    }

    /** The banner, which cannot outlive the parent, was already seen: only the port is left, which a daemon can open. */
    @Test
    void keepsWaitingAfterExitZeroWhenOnlyPartsThatCanStillSucceedArePending() {
        String script = "echo 'listening on 0'; (sleep 1; exec " + TestServer.shellCommand(dir, port, "--raw")
                + ") </dev/null >/dev/null 2>&1 & sleep 0.2; exit 0";
        try (ManagedProcess p = ManagedProcess.builder("daemon").command(List.of("sh", "-c", script))
                .readiness(probe()).startupTimeout(Duration.ofSeconds(60)).build().start()) {
            assertThat(p.isAlive()).isTrue();
        }
    }

    @Test
    void timeoutSaysWhichPartIsPending() {
        try {
            ManagedProcess.builder("half").command(List.of("sh", "-c", "echo 'listening on 1'; exec sleep 300"))
                    .readiness(probe()).startupTimeout(Duration.ofSeconds(1)).build().start();
        } catch (io.perfharness.harness.process.ReadinessTimeoutException e) {
            assertThat(e.lastSeen()).startsWith("tcp 127.0.0.1:" + port);
            return;
        }
        throw new AssertionError("expected a timeout");
    }
}
