package io.perfharness.harness.process;

import io.perfharness.harness.NoLeaks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.probe.Probes;

/** Starting and stopping real processes: commands, signals, exit codes, restarts, stubborn and daemonising servers. */
class ManagedProcessTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    /** @return the command line of {@code pid} once the launcher has exec'd the command (bounded by 10 s) */
    static String cmdline(long pid) throws IOException, InterruptedException {
        String cmd = "";
        for (int i = 0; i < 1000; i++) {
            cmd = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
            // the launcher's own command line until it execs; an empty one for the instant of the exec itself
            if (!cmd.isEmpty() && !cmd.contains("perfharness-launcher")) {
                break;
            }
            Thread.sleep(10);
        }
        return cmd;
    }

    @Test
    void runsSleepGivenAsOneString() throws Exception {
        ManagedProcess p = ManagedProcess.builder("sleeper").command("sleep 300").build().start();
        assertThat(p.isAlive()).isTrue();
        assertThat(cmdline(p.pid())).isEqualTo("sleep 300");
        p.stop();
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void runsSleepGivenAsArgv() throws Exception {
        try (ManagedProcess p = ManagedProcess.builder("sleeper").command(List.of("sleep", "300")).build().start()) {
            // the exec from the launcher may be under way as start() returns (seen: "", "/"): wait for it, bounded
            String cmd = cmdline(p.pid());
            for (int i = 0; i < 500 && !cmd.equals("sleep 300"); i++) {
                Thread.sleep(10);
                cmd = cmdline(p.pid());
            }
            assertThat(cmd).isEqualTo("sleep 300");
        }
    }

    @Test
    void splitsACommandLineLikeAShellWithoutRunningOne() {
        assertThat(CommandLine.split("sh -c \"echo 'hello world'\""))
                .containsExactly("sh", "-c", "echo 'hello world'");
        assertThat(CommandLine.split("sh -c 'echo \"a  b\"'")).containsExactly("sh", "-c", "echo \"a  b\"");
        assertThat(CommandLine.split(" a\tb  c'd e'f \"\" ")).containsExactly("a", "b", "cd ef", "");
        assertThat(CommandLine.split("echo $HOME *")).containsExactly("echo", "$HOME", "*");
        assertThatThrownBy(() -> CommandLine.split("echo 'open")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSpecCopiedThroughItsBuilderIsEqualAndAProcessKeepsItsSpec() {
        ProcessSpec spec = ProcessSpec.builder("web").command("sleep 300").stopSignal(Signal.QUIT)
                .stopGrace(Duration.ofMillis(1500)).port("127.0.0.1", 8080).env(java.util.Map.of("A", "1"))
                .requireGracefulStop(true).containment(Containment.MARKER).build();
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
        assertThat(spec.toBuilder().stopSignal(Signal.TERM).build().stopSignal()).isEqualTo(Signal.TERM);
        assertThat(ManagedProcess.of(spec).spec()).isSameAs(spec);
        assertThat(ManagedProcess.builder("web").command("sleep 300").build().spec().command()).containsExactly("sleep", "300");
        assertThatThrownBy(() -> ProcessSpec.builder("web").build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("web: no command");
        assertThatThrownBy(() -> ProcessSpec.builder("web").command("true").startupTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startupTimeout must be positive");
    }

    @Test
    void aQuotedShellScriptReachesTheShellWhole() {
        try (ManagedProcess p = ManagedProcess.builder("quoted").command("sh -c \"echo 'hello   world'; exec sleep 300\"")
                .readiness(Probes.banner("^hello   world$")).startupTimeout(Duration.ofSeconds(30)).build().start()) {
            assertThat(p.lastLines()).containsExactly("hello   world");
        }
    }

    private static final String EXITS_0_ON_INT_ONLY = """
            import signal, sys, time
            signal.signal(signal.SIGINT, lambda *a: sys.exit(0))
            signal.signal(signal.SIGTERM, lambda *a: sys.exit(7))
            print('up', flush=True)
            time.sleep(300)
            """;

    @Test
    void stopsWithTheSignalTheBuilderNames() {
        ManagedProcess p = ManagedProcess.builder("int-only").command(List.of(TestServer.python(), "-c", EXITS_0_ON_INT_ONLY))
                .readiness(Probes.banner("^up$")).stopSignal(Signal.INT).build();
        p.start();
        p.close(); // INT: exits 0, no error
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void stopWithAnotherSignalReportsTheUnexpectedExitCode() {
        ManagedProcess p = ManagedProcess.builder("int-only").command(List.of(TestServer.python(), "-c", EXITS_0_ON_INT_ONLY))
                .readiness(Probes.banner("^up$")).build().start();
        ProcessExitedException e = catchThrowableOfType(ProcessExitedException.class, () -> p.stop(Signal.TERM));
        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(7);
        assertThat(e.getMessage()).contains("when stopped with TERM").contains("expected 0 or 143");
        assertThat(p.isAlive()).isFalse();
        p.stop(); // reported once
    }

    private static final String EXITS_0_ON_ONE_TERM = """
            import signal, sys, time
            seen = []
            def on_term(*a):
                seen.append(1)
                if len(seen) > 1:
                    sys.exit(9)
            signal.signal(signal.SIGTERM, on_term)
            print('up', flush=True)
            while not seen:
                time.sleep(0.01)
            time.sleep(0.5)   # a second TERM would arrive meanwhile
            sys.exit(0)
            """;

    @Test
    void theStopSignalReachesTheProcessOnce() {
        ManagedProcess p = ManagedProcess.builder("once").command(List.of(TestServer.python(), "-c", EXITS_0_ON_ONE_TERM))
                .readiness(Probes.banner("^up$")).build().start();
        p.stop();
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void aProcessThatAlreadyExited1RaisesOnFirstStopOnly() {
        ManagedProcess p = ManagedProcess.builder("quitter").command(List.of("sh", "-c", "echo giving up >&2; exit 1"))
                .build().start();
        assertThat(p.awaitExit(Duration.ofSeconds(30))).hasValue(1);
        assertThat(p.isAlive()).isFalse();
        ProcessExitedException e = catchThrowableOfType(ProcessExitedException.class, p::stop);
        assertThat(e).isNotNull();
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.getMessage()).contains("on its own").contains("giving up");
        p.stop();
        p.close();
    }

    @Test
    void stopOnANeverStartedProcessIsANoOp() {
        ManagedProcess p = ManagedProcess.builder("idle").command("sleep 300").build();
        p.stop();
        p.close();
        assertThat(p.isAlive()).isFalse();
    }

    @Test
    void stoppedRestartsEvenWhenItsBlockThrows() {
        int port = TestServer.freePort();
        ManagedProcess p = ManagedProcess.builder("web").command(TestServer.command(dir, port, "--raw"))
                .readiness(Probes.tcp("127.0.0.1", port)).build().start();
        long firstPid = p.pid();
        try {
            assertThatThrownBy(() -> {
                try (ManagedProcess.Stopped down = p.stopped()) {
                    assertThat(PortOwners.accepting("127.0.0.1", port)).isFalse();
                    assertThat(p.isAlive()).isFalse();
                    throw new IllegalStateException("the block failed");
                }
            }).hasMessage("the block failed");
            assertThat(p.isAlive()).isTrue();
            assertThat(p.pid()).isNotEqualTo(firstPid);
            assertThat(PortOwners.accepting("127.0.0.1", port)).isTrue();
        } finally {
            p.stop();
        }
    }

    @Test
    void restartStartsANewProcess() {
        int port = TestServer.freePort();
        try (ManagedProcess p = ManagedProcess.builder("web").command(TestServer.command(dir, port, "--raw"))
                .readiness(Probes.tcp("127.0.0.1", port)).build().start()) {
            long first = p.pid();
            p.restart();
            assertThat(p.pid()).isNotEqualTo(first);
            assertThat(ProcessTree.alive(first)).isFalse();
        }
    }

    @Test
    void aServerThatIgnoresTermIsKilledAfterTheGracePeriodWithoutAnError() {
        int port = TestServer.freePort();
        ManagedProcess p = ManagedProcess.builder("stubborn").command(TestServer.command(dir, port, "--ignore-term"))
                .readiness(Probes.tcp("127.0.0.1", port)).stopGrace(Duration.ofSeconds(1)).build().start();
        long t0 = System.nanoTime();
        p.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(6));
        assertThat(p.isAlive()).isFalse();
        assertThat(PortOwners.accepting("127.0.0.1", port)).isFalse();
    }

    @Test
    void aDoubleForkedDaemonIsFoundThroughItsMarkerAndStopped() throws IOException {
        Path pidFile = dir.resolve("daemon.pid");
        // the daemon: a new session, re-parented away from the launched shell, which exits 0 at once
        String daemon = "echo $$ > '" + pidFile + "'; exec sleep 300";
        ManagedProcess p = ManagedProcess.builder("daemon")
                .command(List.of("sh", "-c", "(setsid sh -c \"$0\" </dev/null >/dev/null 2>&1 &); exit 0", daemon))
                .readiness(Probes.pidFile(pidFile)).build().start();
        long daemonPid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessTree.alive(daemonPid)).isTrue();
        assertThat(ProcessHandle.of(daemonPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .as("re-parented").isNotEqualTo(java.util.Optional.of(p.pid()));
        assertThat(sessionOf(daemonPid)).as("its own session").isEqualTo(daemonPid);
        assertThat(p.isAlive()).isTrue();
        p.stop();
        assertThat(ProcessTree.alive(daemonPid)).isFalse();
        assertThat(p.isAlive()).isFalse();
    }

    static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[3]); // state ppid pgrp session
    }

    @Test
    void theSecondProcessOnAPortIsRefusedNamingPortAndHolder() {
        int port = TestServer.freePort();
        try (ManagedProcess first = ManagedProcess.builder("first").command(TestServer.command(dir, port, "--raw"))
                .readiness(Probes.tcp("127.0.0.1", port)).build().start()) {
            ManagedProcess second = ManagedProcess.builder("second").command(TestServer.command(dir, port, "--raw"))
                    .readiness(Probes.http("http://127.0.0.1:" + port + "/")).build();
            PortInUseException e = catchThrowableOfType(PortInUseException.class, second::start);
            assertThat(e).isNotNull();
            assertThat(e.port()).isEqualTo(port);
            assertThat(e.holder()).hasValue(first.pid());
            assertThat(e.getMessage()).contains("second").contains("port " + port).contains("pid " + first.pid());
            assertThat(second.isAlive()).isFalse();
        }
    }
    @Test
    void accessorsAndStopAllLiveDoNotWaitForAStartInProgress() throws Exception {
        int port = TestServer.freePort();
        ManagedProcess p = ManagedProcess.builder("slow").command("sleep 300")
                .readiness(Probes.tcp("127.0.0.1", port)).startupTimeout(Duration.ofSeconds(60)).build();
        var failure = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread starter = new Thread(() -> {
            try {
                p.start();
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        starter.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!p.isAlive() && System.nanoTime() < deadline) { // running() must answer while start() waits
            Thread.sleep(10);
        }
        assertThat(p.isAlive()).isTrue();
        assertThat(p.pid()).isPositive();
        long t0 = System.nanoTime();
        ManagedProcess.stopAllLive(); // what the CLI does on SIGINT
        Throwable t = failure.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(t).isInstanceOf(ProcessExitedException.class);
        assertThat(((ProcessExitedException) t).exitCode()).isEqualTo(Signal.TERM.exitCode());
        starter.join(10_000);
        assertThat(p.isAlive()).isFalse();
    }
}
