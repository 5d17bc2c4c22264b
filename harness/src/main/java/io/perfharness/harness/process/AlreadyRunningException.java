package io.perfharness.harness.process;

import java.nio.file.Path;

/** A pid file the process is about to write already holds the pid of a live process: it is already running. */
public class AlreadyRunningException extends HarnessException {
    private final Path pidFile;
    private final long pid;

    public AlreadyRunningException(String name, Path pidFile, long pid) {
        super("cannot start " + name + ": pid file " + pidFile + " holds pid " + pid + ", which is running"
                + PortInUseException.describe(pid) + "; stop it, or remove the file if that pid is not " + name);
        this.pidFile = pidFile;
        this.pid = pid;
    }

    /** @return the pid file that was found */
    public Path pidFile() {
        return pidFile;
    }

    /** @return the live pid it holds */
    public long pid() {
        return pid;
    }
}
