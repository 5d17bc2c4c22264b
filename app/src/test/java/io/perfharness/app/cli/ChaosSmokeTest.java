package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;

/**
 * The chaos suite's CI variant: {@code bench/scripts/chaos.sh 12 46} against this build's classes (its
 * {@code CHAOS_CLASSPATH}, so no jar is needed). Seed 46 draws 10 kinds in 12 cycles: a hostile server, a
 * QUIT-stopped one, a TERM-ignoring one, SIGTERM during the load, SIGINT during JVM start-up and during a
 * service's start-up, a slow starter, two double-forked {@code env -i} daemons, a port thief, a server dying
 * at start, SIGKILL during the load. The script checks after every cycle that nothing is left (processes by
 * token, this run's cgroups, ports), the exit code and that no temporary file is left; it exits non-zero on
 * any failure, which fails this test with its output.
 */
class ChaosSmokeTest {
    static final int CYCLES = 12;
    static final int SEED = 46;

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft("phchaos" + SEED + "x");
    }

    @Test
    void twelveChaosCyclesLeaveNothingAndExitAsDocumented() throws Exception {
        Path script = Repo.root().resolve("bench/scripts/chaos.sh");
        Path out = dir.resolve("chaos.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), Integer.toString(CYCLES), Integer.toString(SEED))
                .directory(Repo.root().toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("CHAOS_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("CHAOS_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("TMPDIR", dir.toString());
        pb.environment().put("CHAOS_CYCLE_TIMEOUT", "45");
        Process p = pb.start();
        try {
            boolean ended = p.waitFor(5, TimeUnit.MINUTES);
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(ended).as("chaos.sh ended; output so far:%n%s", output).isTrue();
            List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as("output:%n%s", output).isNotEmpty();
            assertThat(lines.get(lines.size() - 1)).as("output:%n%s", output).isEqualTo(CYCLES + " passed, 0 failed");
            assertThat(p.exitValue()).as("output:%n%s", output).isZero();
            assertThat(output).contains("sigkill-", "sigint-", "sigterm-", "port-thief", "daemon", "quit-stopped");
        } finally {
            if (p.isAlive()) {
                p.destroy(); // SIGTERM: the script's trap ends what it started, by pid
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
