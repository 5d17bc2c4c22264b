package io.perfharness.harness.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Ends every managed process of this JVM when the JVM dies without running its shutdown hook
 * (SIGKILL, OOM killer, a crash). One per JVM, started with the first managed process.
 *
 * <p><b>Which:</b> a small {@code sh} script, started through {@code setsid -f} so it is in its own
 * session (a Ctrl-C to the terminal's group does not reach it) and not a child of the JVM. Its stdin
 * is a FIFO whose only writer is this JVM. {@code read} blocks on it without using any CPU; when the
 * JVM is gone, however it died, the kernel closes the JVM's end and {@code read} returns at once. The
 * script then sends KILL, a few times over 1 s to catch processes forked meanwhile, to every cgroup
 * of this JVM ({@code cgroup.kill}: nothing in them escapes) and to every process whose environment
 * holds {@code PERFHARNESS_OWNER=<this JVM's id>} ({@link ProcessTree#OWNER_VARIABLE}), which every
 * managed process and all its descendants carry unless they clear their environment. Then it
 * removes this JVM's cgroups and exits. The watchdog itself does not carry the variable, nor a marker.
 *
 * <p><b>Why:</b> a FIFO's end of file cannot miss the JVM's death, arrives within a millisecond
 * rather than a polling period, costs nothing while waiting, and cannot be fooled by pid reuse as
 * polling {@code kill -0 PID} can. {@code prctl(PR_SET_PDEATHSIG)} is out of reach from Java, and it
 * would only cover direct children, not daemons that re-parented themselves. KILL rather than TERM:
 * the harness that would have waited a grace period is gone, and the promise is "gone within 2 s".
 */
final class Watchdog {
    /** The watchdog's {@code $0}: how it shows in {@code ps}, with this JVM's owner id as its argument. */
    static final String NAME = "perfharness-watchdog";

    private static final String SCRIPT = """
            echo $$ > "$2.tmp" && mv "$2.tmp" "$2"
            while read -r _; do :; done
            n=0
            while [ "$n" -lt 10 ]; do
              if [ -n "$3" ]; then
                for k in "$3"/*/cgroup.kill; do [ -e "$k" ] && echo 1 > "$k"; done 2>/dev/null
              fi
              pids=$(grep -lzxF "PERFHARNESS_OWNER=$1" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3)
              if [ -z "$pids" ] && { [ -z "$3" ] || ! grep -qsx 'populated 1' "$3"/*/cgroup.events; }; then break; fi
              kill -KILL $pids 2>/dev/null
              n=$((n + 1))
              sleep 0.1
            done
            if [ -n "$3" ]; then rmdir "$3"/*/ "$3" 2>/dev/null; fi
            exit 0
            """;

    private static RandomAccessFile jvmEnd; // never closed: the JVM's death closes it
    private static long pid = -1;

    private Watchdog() {
    }

    /**
     * Starts the watchdog unless it is running.
     *
     * @throws HarnessException when it cannot be started
     */
    static synchronized void ensureRunning() {
        if (pid > 0 && ProcessTree.alive(pid)) {
            return;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("perfharness-watchdog");
            Path fifo = dir.resolve("jvm-alive");
            Path pidFile = dir.resolve("pid");
            run("mkfifo", "-m", "600", fifo.toString());
            RandomAccessFile end = new RandomAccessFile(fifo.toFile(), "rw"); // O_RDWR: does not wait for a reader
            ProcessBuilder pb = new ProcessBuilder("setsid", "-f", "sh", "-c", SCRIPT, NAME,
                    ProcessTree.ownerId(), pidFile.toString(), Cgroup.base() == null ? "" : Cgroup.base().toString())
                    .redirectInput(fifo.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().remove(ProcessTree.OWNER_VARIABLE);
            pb.environment().remove(ProcessTree.MARKER_VARIABLE);
            Process launcher = pb.start();
            if (!launcher.waitFor(10, TimeUnit.SECONDS) || launcher.exitValue() != 0) {
                launcher.destroyForcibly();
                end.close();
                throw new HarnessException("cannot start the perfharness watchdog: setsid -f failed");
            }
            long found = awaitPid(pidFile);
            if (jvmEnd != null) {
                jvmEnd.close(); // a previous watchdog that died: nothing reads its FIFO any more
            }
            jvmEnd = end;
            pid = found;
        } catch (IOException e) {
            throw new HarnessException("cannot start the perfharness watchdog: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while starting the perfharness watchdog");
        } finally {
            deleteQuietly(dir);
        }
    }

    /** @return the watchdog's pid, or -1 before the first managed process started */
    static synchronized long pid() {
        return pid;
    }

    private static long awaitPid(Path pidFile) throws IOException, InterruptedException {
        for (int i = 0; i < 1000; i++) { // up to 10 s
            if (Files.exists(pidFile)) {
                return Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            }
            Thread.sleep(10);
        }
        throw new HarnessException("the perfharness watchdog did not report its pid within 10 s");
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
