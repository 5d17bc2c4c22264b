package io.perfharness.harness.process;

import io.perfharness.harness.NoLeaks;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.probe.Probes;

/** Output is drained from the start, from both streams, into the tail and the log file. */
class OutputTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    @Test
    void seesABannerOnStderr() {
        try (ManagedProcess p = ManagedProcess.builder("err").command(List.of("sh", "-c",
                        "echo 'booting' ; sleep 0.2; echo 'Server started on port 5000' >&2; exec sleep 300"))
                .readiness(Probes.banner("Server started on port \\d+")).startupTimeout(Duration.ofSeconds(60)).build().start()) {
            assertThat(p.lastLines()).containsExactly("booting", "Server started on port 5000");
        }
    }

    private static final String CHATTY = """
            import sys, time
            line = 'x' * 99 + '\\n'
            for i in range(50_000):          # 5 MB on stdout
                sys.stdout.write(line)
            sys.stderr.write('e' * 1_000_000 + '\\n')   # and one 1 MB line on stderr
            sys.stdout.write('READY\\n')
            sys.stdout.flush()
            sys.stderr.flush()
            time.sleep(300)
            """;

    @Test
    void fiveMegabytesBeforeTheBannerDoNotHangAnything() throws Exception {
        Path log = dir.resolve("logs/chatty.log");
        try (ManagedProcess p = ManagedProcess.builder("chatty").command(List.of(TestServer.python(), "-c", CHATTY))
                .readiness(Probes.banner("^READY$")).startupTimeout(Duration.ofSeconds(60)).logFile(log).build().start()) {
            List<String> tail = p.lastLines();
            assertThat(tail).hasSize(OutputTail.DEFAULT_LINES).contains("READY");
            assertThat(tail).allMatch(l -> l.length() <= OutputTail.MAX_LINE_CHARS + 30);
        }
        assertThat(Files.size(log)).isGreaterThan(6_000_000L);
    }

    @Test
    void writesEveryLineToTheConsolePrefixedAndToTheLog() throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        Console console = Console.prefixed(new java.io.PrintStream(bytes, true, "UTF-8"), false);
        console.padTo(6);
        Path log = dir.resolve("two.log");
        ManagedProcess p = ManagedProcess.builder("two").command(List.of("sh", "-c", "echo one; echo two >&2"))
                .console(console).logFile(log).build().start();
        assertThat(p.awaitExit(Duration.ofSeconds(30))).hasValue(0);
        p.stop();
        assertThat(bytes.toString("UTF-8")).contains("two    | one").contains("two    | two");
        assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("one", "two");
    }
}
