package io.perfharness.harness.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cgroup v2 per managed process, under a directory of this JVM's
 * ({@code <cgroup2 mount><this JVM's cgroup>/perfharness-<pid>-<owner>}). The launcher joins it before
 * running the command, so every descendant is in it for good; {@code cgroup.kill} ends them all, and
 * {@code cpu.stat} counts their CPU time, exited ones included. Internal to the harness.
 */
final class Cgroup {
    private static final Path BASE = locateBase();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path dir;
    private volatile long lastCpuNanos;

    private Cgroup(Path dir) {
        this.dir = dir;
    }

    /** @return whether cgroups can be made for managed processes */
    static boolean available() {
        return BASE != null;
    }

    /** @return the directory that holds this JVM's cgroups, or null when there are none */
    static Path base() {
        return BASE;
    }

    /**
     * Makes an empty cgroup for one run of {@code name}.
     *
     * @throws HarnessException when cgroups are not available or it cannot be made
     */
    static Cgroup create(String name) {
        if (BASE == null) {
            throw new HarnessException("cannot contain " + name + " in a cgroup: no writable cgroup2 mount with "
                    + "cgroup.kill (Linux 5.14+, root or a delegated subtree); use Containment.MARKER");
        }
        Path dir = BASE.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + SEQUENCE.incrementAndGet());
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new HarnessException("cannot make cgroup " + dir + " for " + name + ": " + e, e);
        }
        return new Cgroup(dir);
    }

    /** @return the file a process writes {@code 0} to, to join this cgroup */
    Path procsFile() {
        return dir.resolve("cgroup.procs");
    }

    Path dir() {
        return dir;
    }

    /** @return the live processes in it (processes leave it when they exit, before they are reaped) */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(procsFile(), StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // removed already: nothing in it
        }
        return pids;
    }

    /** Sends KILL to every process in it, atomically with respect to forks (cgroup.kill). */
    void kill() {
        try {
            Files.writeString(dir.resolve("cgroup.kill"), "1", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            if (Files.isDirectory(dir)) {
                throw new HarnessException("cannot write " + dir.resolve("cgroup.kill") + ": " + e, e);
            }
        }
    }

    /** @return CPU time (user + system) of every process that ran in it, in ns; the last value read once removed */
    long cpuNanos() {
        try {
            for (String line : Files.readAllLines(dir.resolve("cpu.stat"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("usage_usec ")) {
                    lastCpuNanos = Math.max(lastCpuNanos, Long.parseLong(line.substring(11).trim()) * 1000);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // removed: the last value read stands
        }
        return lastCpuNanos;
    }

    /** Removes it once empty, keeping its CPU time; a cgroup still holding processes is left and reported. */
    void remove() {
        cpuNanos();
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new HarnessException("cannot remove cgroup " + dir + " (still holds " + pids() + "): " + e, e);
        }
    }

    /** Removes this JVM's cgroup directory and any empty cgroup left in it: at JVM exit. */
    static void removeBase() {
        if (BASE == null) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(BASE, Files::isDirectory)) {
            for (Path d : dirs) {
                Files.deleteIfExists(d);
            }
            Files.deleteIfExists(BASE);
        } catch (IOException e) {
            // a cgroup still populated is the watchdog's to end
        }
    }

    private static Path locateBase() {
        if ("marker".equalsIgnoreCase(System.getProperty("perfharness.containment", ""))) {
            return null;
        }
        try {
            Path mount = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                int dash = line.indexOf(" - ");
                if (dash > 0 && line.substring(dash + 3).startsWith("cgroup2 ")) {
                    mount = Path.of(line.split(" ")[4]);
                    break;
                }
            }
            String own = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8)) {
                if (line.startsWith("0::")) {
                    own = line.substring(3);
                }
            }
            if (mount == null || own == null) {
                return null;
            }
            Path parent = mount.resolve(own.startsWith("/") ? own.substring(1) : own);
            Path base = parent.resolve("perfharness-" + ProcessHandle.current().pid() + "-"
                    + ProcessTree.ownerId().substring(0, 8));
            Files.createDirectories(base);
            if (!Files.exists(base.resolve("cgroup.kill")) || !Files.isWritable(base.resolve("cgroup.procs"))) {
                Files.deleteIfExists(base);
                return null;
            }
            return base;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
