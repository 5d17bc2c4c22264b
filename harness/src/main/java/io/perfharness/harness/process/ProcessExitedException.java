package io.perfharness.harness.process;

import java.util.List;

/** A process exited when it should not have: during start-up, or on its own before it was stopped. */
public class ProcessExitedException extends HarnessException {
    private final int exitCode;
    private final List<String> lastLines;

    public ProcessExitedException(String name, int exitCode, String when, List<String> lastLines) {
        super(name + " exited with code " + exitCode + " " + when + OutputTail.format(lastLines));
        this.exitCode = exitCode;
        this.lastLines = List.copyOf(lastLines);
    }

    /** @return the process's exit code (128 + n when a signal n ended it) */
    public int exitCode() {
        return exitCode;
    }

    /** @return the last lines the process printed, oldest first */
    public List<String> lastLines() {
        return lastLines;
    }
}
