package io.perfharness.harness.process;

/** POSIX signals a managed process can be stopped or killed with; numbers as on Linux x86_64 and aarch64. */
public enum Signal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), TERM(15);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** @return the signal number on Linux */
    public int number() {
        return number;
    }

    /** @return the exit code a shell (and {@link Process#exitValue()}) reports for a process ended by this signal: 128 + number */
    public int exitCode() {
        return 128 + number;
    }
}
