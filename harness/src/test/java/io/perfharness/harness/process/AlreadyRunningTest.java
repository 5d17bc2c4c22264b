package io.perfharness.harness.process;

import io.perfharness.harness.NoLeaks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.probe.Probes;

/** Before start: a pid file holding a live pid, a stale one, and a port still held or in TIME_WAIT. */
class AlreadyRunningTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private ProcessSpec.Builder<ManagedProcess> writesPidFile(Path pidFile) {
        return ManagedProcess.builder("daemon").command(List.of("sh", "-c", "echo $$ > '" + pidFile + "'; exec sleep 300"))
                .readiness(Probes.pidFile(pidFile)).startupTimeout(Duration.ofSeconds(60));
    }

    @Test
    void aPidFileHoldingALivePidRefusesToStart() throws IOException {
        Path pidFile = dir.resolve("app.pid");
        try (ManagedProcess holder = ManagedProcess.builder("holder").command("sleep 300").build().start()) {
            Files.writeString(pidFile, holder.pid() + "\n");
            ManagedProcess second = writesPidFile(pidFile).build();
            AlreadyRunningException e = catchThrowableOfType(AlreadyRunningException.class, second::start);
            assertThat(e).isNotNull();
            assertThat(e.pid()).isEqualTo(holder.pid());
            assertThat(e.pidFile()).isEqualTo(pidFile);
            assertThat(e.getMessage()).contains(pidFile.toString()).contains("pid " + holder.pid());
            assertThat(e).isInstanceOf(HarnessException.class);
            assertThat(second.isAlive()).isFalse();
            assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(holder.pid()));
        }
    }

    @Test
    void aStalePidFileIsRemovedWithANote() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(30, TimeUnit.SECONDS);
        Path pidFile = dir.resolve("app.pid");
        Files.writeString(pidFile, gone.pid() + "\n");
        try (ManagedProcess p = writesPidFile(pidFile).build().start()) {
            assertThat(p.lastLines()).anyMatch(l -> l.startsWith("[perfharness] removed stale pid file " + pidFile)
                    && l.contains("pid " + gone.pid() + " is not running"));
            assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(p.pid()));
        }
    }

    @Test
    void aPidFileHoldingNoPidIsRemovedWithANote() throws IOException {
        Path pidFile = dir.resolve("app.pid");
        Files.writeString(pidFile, "not a pid\n");
        try (ManagedProcess p = writesPidFile(pidFile).build().start()) {
            assertThat(p.lastLines()).anyMatch(l -> l.contains("removed stale pid file") && l.contains("'not a pid'"));
        }
    }

    @Test
    void stopRemovesThePidFileADaemonCouldNotRemove() {
        Path pidFile = dir.resolve("app.pid");
        ManagedProcess p = writesPidFile(pidFile).build().start();
        assertThat(pidFile).exists();
        p.stop();
        assertThat(pidFile).doesNotExist();
    }

    /** Leaves a connection in TIME_WAIT on {@code port}'s side and closes the listener. */
    private static int portInTimeWait() throws IOException, InterruptedException {
        int port;
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            port = server.getLocalPort();
            try (Socket client = new Socket("127.0.0.1", port); Socket accepted = server.accept()) {
                accepted.close(); // the side that closes first keeps TIME_WAIT
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
        for (int i = 0; i < 100 && !inTimeWait(port); i++) {
            Thread.sleep(20);
        }
        assertThat(inTimeWait(port)).as("a TIME_WAIT entry for port %d", port).isTrue();
        return port;
    }

    private static boolean inTimeWait(int port) throws IOException {
        String local = String.format(":%04X ", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) { // Java's sockets are dual-stack
            if (Files.exists(Path.of(table)) && Files.readAllLines(Path.of(table)).stream()
                    .map(l -> l.trim().split("\\s+"))
                    .anyMatch(f -> f.length > 3 && (f[1] + " ").endsWith(local) && f[3].equals("06"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aPortInTimeWaitCountsAsFree() throws Exception {
        int port = portInTimeWait();
        long t0 = System.nanoTime();
        try (ManagedProcess p = ManagedProcess.builder("web").command(TestServer.command(dir, port, "--raw"))
                .readiness(Probes.tcp("127.0.0.1", port)).awaitPortsFree(Duration.ofSeconds(60)).build().start()) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void waitsForTheHolderOfThePortToGo() throws Exception {
        int port = TestServer.freePort();
        ManagedProcess holder = ManagedProcess.builder("old").command(TestServer.command(dir, port, "--raw"))
                .readiness(Probes.tcp("127.0.0.1", port)).build().start();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            sleep(1000);
            holder.stop();
        });
        long t0 = System.nanoTime();
        try (ManagedProcess p = ManagedProcess.builder("new").command(TestServer.command(dir, port, "--raw"))
                .readiness(Probes.tcp("127.0.0.1", port)).awaitPortsFree(Duration.ofSeconds(60)).build().start()) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            stopped.get(30, TimeUnit.SECONDS);
            assertThat(PortOwners.listener(port)).hasValue(p.pid());
        } finally {
            stopped.get(30, TimeUnit.SECONDS);
            holder.stop();
        }
    }

    @Test
    void aHolderThatStaysIsNamedWhenTheWaitIsOver() {
        int port = TestServer.freePort();
        try (ManagedProcess holder = ManagedProcess.builder("old").command(TestServer.command(dir, port, "--raw"))
                .readiness(Probes.tcp("127.0.0.1", port)).build().start()) {
            ManagedProcess p = ManagedProcess.builder("new").command(TestServer.command(dir, port, "--raw"))
                    .readiness(Probes.tcp("127.0.0.1", port)).awaitPortsFree(Duration.ofSeconds(1)).build();
            long t0 = System.nanoTime();
            PortInUseException e = catchThrowableOfType(PortInUseException.class, p::start);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900))
                    .isLessThan(Duration.ofSeconds(6));
            assertThat(e).isNotNull();
            assertThat(e.holder()).hasValue(holder.pid());
            assertThat(e.getMessage()).contains("still in use after waiting 1000 ms").contains("pid " + holder.pid());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
