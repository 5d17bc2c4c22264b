package io.perfharness.harness.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The pid files a readiness probe names: checked before start, read to find a daemon, cleaned after stop. */
final class PidFiles {
    private final String name;
    private final List<Path> files;

    PidFiles(String name, List<Path> files) {
        this.name = name;
        this.files = List.copyOf(files);
    }

    /**
     * Refuses to start when a pid file holds a live pid; removes one that holds a dead pid or no pid at all.
     *
     * @return notes on what was removed, for the process's output
     * @throws AlreadyRunningException when a file holds a live pid
     * @throws HarnessException        when a file cannot be read or removed
     */
    List<String> refuseLive() {
        List<String> notes = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new HarnessException("cannot start " + name + ": cannot read pid file " + file + ": " + e.getMessage(), e);
            }
            long pid = parse(text);
            if (pid > 0 && ProcessTree.alive(pid)) {
                throw new AlreadyRunningException(name, file, pid);
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new HarnessException("cannot start " + name + ": cannot remove stale pid file " + file + ": " + e.getMessage(), e);
            }
            notes.add("removed stale pid file " + file + (pid > 0 ? " (pid " + pid + " is not running)" : " (it held '" + text + "')"));
        }
        return notes;
    }

    /** @return live pids in the files that were started at or after {@code launchedAt} (not a stale, reused pid) */
    Set<Long> startedSince(Instant launchedAt) {
        Set<Long> pids = new LinkedHashSet<>();
        Instant since = launchedAt.minusSeconds(1); // start times are in clock ticks
        for (Path file : files) {
            long pid = read(file);
            if (pid > 0 && ProcessTree.alive(pid) && ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                    .map(started -> !started.isBefore(since)).orElse(false)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    /** Removes files left behind by the stopped tree (a killed daemon cannot remove its own). */
    void removeDead() {
        for (Path file : files) {
            try {
                long pid = parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
                if (pid <= 0 || !ProcessTree.alive(pid)) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                // gone already, or not ours to remove
            }
        }
    }

    private static long read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException e) {
            return -1;
        }
    }

    private static long parse(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
