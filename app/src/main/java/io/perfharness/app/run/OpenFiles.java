package io.perfharness.app.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import io.perfharness.app.scenario.LoadSettings;

/**
 * Checks, before a load starts, that this process may open enough files for its connections: each
 * connection is a socket, and a reconnecting one briefly holds a spare too. Without the check, running
 * out of descriptors mid-load kills the event loops with errors that name anything but the cause.
 * {@code ./perfharness} raises the soft limit to the hard one before it starts the JVM.
 */
public final class OpenFiles {
    /** Descriptors the JVM, Netty's event loops, the log files and the services' pipes need besides the sockets. */
    static final int RESERVE = 256;

    private OpenFiles() {
    }

    /** @return descriptors a load of {@code connections} may need: two per connection (one spare) and the reserve */
    static long needed(int connections) {
        return 2L * connections + RESERVE;
    }

    /**
     * @throws LoadSettings.SettingsException (exit 2) naming the limit and how to raise it, when it is too low
     */
    public static void check(int connections) {
        OptionalLong limit = softLimit(Path.of("/proc/self/limits"));
        if (limit.isPresent() && limit.getAsLong() < needed(connections)) {
            throw new LoadSettings.SettingsException(String.format(
                    "connections: %d connections need up to %d open files, but this process may open %d"
                            + " (ulimit -n); raise the limit first (ulimit -n %d, or up to the hard limit: ulimit -Hn)"
                            + " or use fewer connections",
                    connections, needed(connections), limit.getAsLong(), needed(connections)));
        }
    }

    /** @return the soft "Max open files" of a {@code /proc/PID/limits} file; empty when unknown or unlimited */
    static OptionalLong softLimit(Path limits) {
        try {
            for (String line : Files.readAllLines(limits)) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[0].equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(f[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: nothing to check against
        }
        return OptionalLong.empty();
    }
}
