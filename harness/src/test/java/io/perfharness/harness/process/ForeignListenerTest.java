package io.perfharness.harness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;
import io.perfharness.harness.probe.Probes;

/**
 * A port taken by another program after the check before launch: the readiness probe connects to that
 * program's socket, and the service is refused instead of measured against somebody else's server.
 */
class ForeignListenerTest {
    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    @Test
    void readinessGivenByAnotherProgramsSocketIsRefused() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // the service would bind after a second; the port is taken by this JVM before then
        ManagedProcess p = ManagedProcess.builder("late").command(List.of("sh", "-c",
                        "sleep 1; exec python3 -m http.server " + port + " --bind 127.0.0.1 --directory " + dir))
                .readiness(Probes.tcp("127.0.0.1", port)).startupTimeout(Duration.ofSeconds(20)).build();
        p.launch();
        try (ServerSocket thief = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(p::awaitReady).isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + port).hasMessageContaining("by pid " + ProcessHandle.current().pid());
        } finally {
            p.stop();
        }
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void itsOwnSocketIsAccepted() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (ManagedProcess p = ManagedProcess.builder("own").command(List.of("python3", "-m", "http.server",
                        Integer.toString(port), "--bind", "127.0.0.1", "--directory", dir.toString()))
                .readiness(Probes.tcp("127.0.0.1", port)).build().start()) {
            assertThat(p.isAlive()).isTrue();
        }
    }
}
