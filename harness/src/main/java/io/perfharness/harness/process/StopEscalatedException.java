package io.perfharness.harness.process;

import java.time.Duration;
import java.util.List;

/**
 * A stop had to KILL the tree because it outlived the grace period after the stop signal, and the
 * spec said a stop must be graceful ({@link ProcessSpec#requireGracefulStop()}). The tree is gone.
 */
public class StopEscalatedException extends ProcessExitedException {
    private final Signal signal;
    private final Duration grace;

    /**
     * @param why what was seen of the survivor, such as {@code pid 12 blocks QUIT}, or empty
     */
    public StopEscalatedException(String name, int exitCode, Signal signal, Duration grace, String why, List<String> lastLines) {
        super(name, exitCode, "after it outlived " + grace.toMillis() + " ms of grace after " + signal
                + " and was killed" + (why.isEmpty() ? "" : " (" + why + ")"), lastLines);
        this.signal = signal;
        this.grace = grace;
    }

    /** @return the signal that did not stop it */
    public Signal signal() {
        return signal;
    }

    /** @return the grace period it outlived */
    public Duration grace() {
        return grace;
    }
}
