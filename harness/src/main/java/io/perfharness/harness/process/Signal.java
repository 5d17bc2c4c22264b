package io.perfharness.harness.process;

/** POSIX signals a managed process can be stopped with. */
public enum Signal {
    HUP(1), INT(2), QUIT(3), KILL(9), TERM(15);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** @return the signal number on Linux */
    public int number() {
        return number;
    }

    /** @return the exit code a shell reports for a process ended by this signal: 128 + number */
    public int exitCode() {
        return 128 + number;
    }
}
