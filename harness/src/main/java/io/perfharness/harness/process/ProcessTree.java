package io.perfharness.harness.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Finding and signalling the processes of one managed tree, by pid, by process group and by the
 * marker every managed process carries in its environment. Never by name. Internal to the harness.
 */
final class ProcessTree {
    /** The environment variable that carries a managed process's unique marker to all its descendants. */
    static final String MARKER_VARIABLE = "PERFHARNESS_MARKER";
    /**
     * The environment variable that carries the id of the JVM that started a managed process
     * ({@link #ownerId()}) to all its descendants: what the watchdog kills when that JVM is gone.
     */
    static final String OWNER_VARIABLE = "PERFHARNESS_OWNER";

    private static final Path PROC = Path.of("/proc");
    private static final String OWNER_ID = UUID.randomUUID().toString();

    private ProcessTree() {
    }

    /** @return this JVM's unique id, given to every process it manages as {@link #OWNER_VARIABLE} */
    static String ownerId() {
        return OWNER_ID;
    }

    /** @return the pids of live (non-zombie) processes whose environment holds {@code MARKER_VARIABLE=marker} */
    static List<Long> withMarker(String marker) {
        return withVariable(MARKER_VARIABLE, marker);
    }

    /** @return the pids of live (non-zombie) processes, other than this JVM, whose environment holds {@code variable=value} */
    static List<Long> withVariable(String variable, String value) {
        byte[] needle = (variable + "=" + value).getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path dir : dirs) {
                long pid;
                try {
                    pid = Long.parseLong(dir.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == self) {
                    continue;
                }
                byte[] env;
                try {
                    env = Files.readAllBytes(dir.resolve("environ"));
                } catch (IOException | SecurityException e) {
                    continue; // vanished or not ours to read
                }
                if (containsEntry(env, needle) && alive(pid)) {
                    found.add(pid);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    private static boolean containsEntry(byte[] env, byte[] needle) {
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == needle.length) {
                    boolean same = true;
                    for (int j = 0; j < needle.length; j++) {
                        if (env[start + j] != needle[j]) {
                            same = false;
                            break;
                        }
                    }
                    if (same) {
                        return true;
                    }
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** @return whether {@code pid} exists and is not a zombie (a zombie has exited; only its entry is left) */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException | SecurityException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    /**
     * @return what {@code pid} does with {@code signal}: {@code "ignores"}, {@code "blocks"}, {@code "catches"}
     *         (a handler), or empty for the default disposition or when it is gone
     */
    static String disposition(long pid, Signal signal) {
        long bit = 1L << (signal.number() - 1);
        try {
            String blocked = "";
            String ignored = "";
            String caught = "";
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("SigBlk:")) {
                    blocked = line.substring(7).trim();
                } else if (line.startsWith("SigIgn:")) {
                    ignored = line.substring(7).trim();
                } else if (line.startsWith("SigCgt:")) {
                    caught = line.substring(7).trim();
                }
            }
            if ((Long.parseUnsignedLong(ignored, 16) & bit) != 0) {
                return "ignores";
            }
            if ((Long.parseUnsignedLong(blocked, 16) & bit) != 0) {
                return "blocks";
            }
            return (Long.parseUnsignedLong(caught, 16) & bit) != 0 ? "catches" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * @return CPU time of {@code pid} and of its children it has waited for (utime + stime + cutime + cstime),
     *         in clock ticks; 0 when it is gone
     */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name: state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11) stime cutime cstime
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** @return the process group of {@code pid}, or -1 when it is gone or unreadable */
    static long processGroup(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4); // state ppid pgrp ...
            return Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** @return {@code root} and every live descendant of it, snapshotted now */
    static Set<Long> snapshot(ProcessHandle root) {
        Set<Long> pids = new LinkedHashSet<>();
        if (root.isAlive()) {
            pids.add(root.pid());
        }
        root.descendants().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    /** Sends {@code signal} to every process in the group {@code pgid}; a group already gone is ignored. */
    static void signalGroup(long pgid, Signal signal) {
        kill(signal, "-" + pgid);
    }

    /** Sends {@code signal} to {@code pid}; a process already gone is ignored. */
    static void signal(long pid, Signal signal) {
        if (signal == Signal.KILL) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } else if (signal == Signal.TERM) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } else {
            kill(signal, Long.toString(pid));
        }
    }

    /**
     * Sends {@code signal} to each of {@code pids}; processes already gone are ignored. TERM and KILL go
     * through {@link ProcessHandle}; other signals take one {@code kill} run for all pids.
     */
    static void signal(Collection<Long> pids, Signal signal) {
        if (pids.isEmpty()) {
            return;
        }
        if (signal == Signal.KILL || signal == Signal.TERM) {
            for (long pid : pids) {
                signal(pid, signal);
            }
            return;
        }
        kill(signal, pids.stream().map(String::valueOf).toArray(String[]::new));
    }

    private static void kill(Signal signal, String... targets) {
        String target = String.join(" ", targets);
        List<String> cmd = new ArrayList<>(List.of("kill", "-s", signal.name(), "--"));
        cmd.addAll(List.of(targets));
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new HarnessException("cannot run kill to send " + signal + " to " + target + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until none of {@code pids} is alive (zombies count as dead).
     *
     * @return the pids still alive when {@code timeoutMillis} ran out
     */
    static List<Long> awaitGone(Iterable<Long> pids, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long sleep = 1;
        while (true) {
            List<Long> alive = new ArrayList<>();
            for (long pid : pids) {
                if (alive(pid)) {
                    alive.add(pid);
                }
            }
            if (alive.isEmpty() || System.nanoTime() >= deadline) {
                return alive;
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive;
            }
            sleep = Math.min(sleep * 2, 20);
        }
    }
}
