package io.perfharness.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.perfharness.harness.process.Leftovers;
import io.perfharness.harness.process.ManagedProcess;

/** Assertions that a test left no process behind. */
public final class NoLeaks {
    private NoLeaks() {
    }

    /**
     * Fails when this JVM has a live child, a live process holds one of {@code tokens} in its command
     * line, or a process this JVM started (it carries {@code PERFHARNESS_OWNER} = this JVM's id) is
     * alive, or a cgroup this JVM made for a managed process still holds one (a daemon that cleared its
     * environment is found only there). Only this JVM's processes count: other builds on a shared machine run their own.
     */
    public static void assertNothingLeft(String... tokens) {
        List<Long> children = ProcessHandle.current().descendants()
                .filter(h -> Leftovers.alive(h.pid()))
                .map(ProcessHandle::pid).toList();
        assertThat(children).as("live descendants of the test JVM").isEmpty();
        assertThat(processesWith(tokens)).as("processes whose command line holds %s", List.of(tokens)).isEmpty();
        assertThat(ours()).as("processes carrying %s=%s", ManagedProcess.OWNER_VARIABLE, ManagedProcess.ownerId()).isEmpty();
        assertThat(Leftovers.inOurCgroups()).as("processes in this JVM's cgroups").isEmpty();
    }

    /** @return the live processes that carry this JVM's owner id, i.e. that this JVM started */
    public static List<Long> ours() {
        return withEntry((ManagedProcess.OWNER_VARIABLE + "=" + ManagedProcess.ownerId()).getBytes(StandardCharsets.UTF_8));
    }

    /** @return "pid cmdline" of live processes whose command line contains any of {@code tokens} */
    public static List<String> processesWith(String... tokens) {
        List<String> found = new ArrayList<>();
        if (tokens.length == 0) {
            return found;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : dirs) {
                long pid = Long.parseLong(d.getFileName().toString());
                if (pid == self || !Leftovers.alive(pid)) {
                    continue;
                }
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(d.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException e) {
                    continue;
                }
                for (String t : tokens) {
                    if (cmd.contains(t)) {
                        found.add(pid + " " + cmd.trim());
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** @return pids of live processes, other than this JVM, whose environment has a perfharness marker */
    public static List<Long> markedProcesses() {
        return withEntry((ManagedProcess.MARKER_VARIABLE + "=").getBytes(StandardCharsets.UTF_8));
    }

    /** @return pids of live processes, other than this JVM, with an environment entry starting with {@code key} */
    private static List<Long> withEntry(byte[] key) {
        List<Long> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : dirs) {
                long pid = Long.parseLong(d.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                byte[] env;
                try {
                    env = Files.readAllBytes(d.resolve("environ"));
                } catch (IOException e) {
                    continue;
                }
                if (indexOf(env, key) >= 0 && Leftovers.alive(pid)) {
                    found.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
