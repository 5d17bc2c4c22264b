package io.perfharness.harness.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.perfharness.harness.NoLeaks;

/**
 * {@link NoLeaks}, scoped to this JVM. {@code NoLeaks.assertNothingLeft} fails on any process of the
 * machine that carries a perfharness marker — including those of another build running at the same
 * time on a shared machine. This check keeps NoLeaks's other two checks (no live descendant of this
 * JVM; no process whose command line holds a token) and counts only the marked processes whose
 * {@link ProcessTree#OWNER_VARIABLE} is this JVM's.
 */
public final class Leaks {
    private Leaks() {
    }

    /** Fails when this JVM has a live child, a process holds one of {@code tokens}, or a process this JVM started is alive. */
    public static void assertNothingLeft(String... tokens) {
        List<Long> children = ProcessHandle.current().descendants()
                .filter(h -> ProcessTree.alive(h.pid()))
                .map(ProcessHandle::pid).toList();
        assertThat(children).as("live descendants of the test JVM").isEmpty();
        assertThat(NoLeaks.processesWith(tokens)).as("processes whose command line holds %s", List.of(tokens)).isEmpty();
        assertThat(ours()).as("processes carrying %s=%s", ProcessTree.OWNER_VARIABLE, ProcessTree.ownerId()).isEmpty();
    }

    /** @return the live processes, marked by a managed process, that this JVM started */
    public static List<Long> ours() {
        byte[] owner = (ProcessTree.OWNER_VARIABLE + "=" + ProcessTree.ownerId()).getBytes(StandardCharsets.UTF_8);
        return NoLeaks.markedProcesses().stream().filter(pid -> environHas(pid, owner)).toList();
    }

    private static boolean environHas(long pid, byte[] entry) {
        byte[] env;
        try {
            env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException e) {
            return false;
        }
        String all = "\0" + new String(env, StandardCharsets.UTF_8) + "\0";
        return all.contains("\0" + new String(entry, StandardCharsets.UTF_8) + "\0");
    }
}
