package io.perfharness.harness.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.perfharness.harness.NoLeaks;

/** A harness JVM killed with SIGKILL leaves nothing behind: its watchdog ends its processes, then itself. */
class WatchdogTest {
    private final List<String> tokens = new ArrayList<>();
    private Process child;

    @AfterEach
    void nothingLeft() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        NoLeaks.assertNothingLeft(tokens.toArray(String[]::new));
    }

    /** @return {@code [managed pid, owner id, watchdog pid]} as printed by a {@link WatchdogChild} JVM */
    private String[] startHarnessJvm(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                WatchdogChild.class.getName(), mode).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                StringBuilder seen = new StringBuilder();
                while ((l = out.readLine()) != null) {
                    if (l.startsWith("started ")) {
                        return l;
                    }
                    seen.append(l).append('\n');
                }
                throw new IllegalStateException("the harness JVM printed no pid:\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String[] f = line.get(60, TimeUnit.SECONDS).split(" ");
        tokens.add(Watchdog.NAME + " " + f[2]);
        return new String[] {f[1], f[2], f[3]};
    }

    /** @return how long until none of {@code pids} is alive, bounded by {@code limit} (then it returns the limit) */
    private static Duration awaitGone(Duration limit, long... pids) throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < limit.toNanos()) {
            boolean any = false;
            for (long pid : pids) {
                any |= ProcessTree.alive(pid);
            }
            if (!any) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            Thread.sleep(10);
        }
        return limit;
    }

    @Test
    void childrenOfAHarnessKilledWithSigkillAreGoneWithinSeconds() throws Exception {
        String[] started = startHarnessJvm("wait");
        long sleeper = Long.parseLong(started[0]);
        long watchdog = Long.parseLong(started[2]);
        assertThat(ProcessTree.alive(sleeper)).isTrue();
        assertThat(ProcessTree.alive(watchdog)).isTrue();
        assertThat(NoLeaks.processesWith(Watchdog.NAME + " " + started[1])).hasSize(1);
        String watchdogEnv = new String(Files.readAllBytes(Path.of("/proc", Long.toString(watchdog), "environ")), StandardCharsets.UTF_8);
        assertThat(watchdogEnv).doesNotContain(ProcessTree.OWNER_VARIABLE + "=").doesNotContain(ProcessTree.MARKER_VARIABLE + "=");
        assertThat(ProcessHandle.of(watchdog).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .as("not a child of the harness JVM").isNotEqualTo(java.util.Optional.of(child.pid()));

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Duration took = awaitGone(Duration.ofSeconds(5), sleeper, watchdog);
        System.out.println("sleeper and watchdog gone " + took.toMillis() + " ms after the harness JVM was killed");
        assertThat(ProcessTree.alive(sleeper)).as("the managed sleep").isFalse();
        assertThat(ProcessTree.alive(watchdog)).as("the watchdog").isFalse();
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aHarnessThatExitsNormallyStopsItsChildrenAndItsWatchdogGoesToo() throws Exception {
        String[] started = startHarnessJvm("exit");
        long sleeper = Long.parseLong(started[0]);
        long watchdog = Long.parseLong(started[2]);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(ProcessTree.alive(sleeper)).as("stopped by the shutdown hook").isFalse();
        assertThat(awaitGone(Duration.ofSeconds(5), watchdog)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void oneWatchdogServesEveryProcessOfThisJvm() {
        try (ManagedProcess a = ManagedProcess.builder("a").command("sleep 300").build().start();
             ManagedProcess b = ManagedProcess.builder("b").command("sleep 300").build().start()) {
            assertThat(Watchdog.pid()).isPositive();
            assertThat(NoLeaks.processesWith(Watchdog.NAME + " " + ProcessTree.ownerId())).hasSize(1);
        }
    }
}
