package io.perfharness.harness.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Ready when {@code file} exists and holds a pid, and, when {@code requireLive}, that pid is alive.
 */
record PidFileProbe(Path file, boolean requireLive) implements ReadinessProbe {

    /**
     * @throws IllegalArgumentException when {@code file} is empty or names a directory: no process could
     *                                  write a pid there, and starting would fail late with a confusing error
     */
    PidFileProbe {
        if (file == null || file.toString().isEmpty()) {
            throw new IllegalArgumentException("pid file probe needs a file name, got an empty path");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("pid file probe needs a file, but " + file.toAbsolutePath()
                    + " is a directory");
        }
    }

    @Override
    public Attempt begin(ProbeTarget target) {
        return new PolledAttempt() {
            @Override
            public boolean ready(Duration timeLeft) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.US_ASCII).trim();
                } catch (IOException e) {
                    return notYet("no pid file " + file);
                }
                long pid;
                try {
                    pid = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    return notYet("pid file holds '" + text + "'");
                }
                if (requireLive && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return notYet("pid " + pid + " from " + file + " is not alive");
                }
                return true;
            }
        };
    }

    /** @return the pid in the file, or -1 when there is none */
    public long readPid() {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String description() {
        return "pid file " + file + (requireLive ? " with a live pid" : "");
    }

    @Override
    public boolean survivesExit() {
        return true;
    }

    @Override
    public List<Path> pidFiles() {
        return List.of(file);
    }
}
