package io.perfharness.harness.process;

import java.time.Duration;
import java.util.List;

/** A process did not become ready within its start-up timeout; it has been stopped. */
public class ReadinessTimeoutException extends HarnessException {
    private final String probe;
    private final Duration timeout;
    private final String lastSeen;
    private final List<String> lastLines;

    public ReadinessTimeoutException(String name, String probe, Duration timeout, String lastSeen, List<String> lastLines) {
        super(name + " not ready after " + timeout.toMillis() + " ms waiting for " + probe
                + (lastSeen == null ? "" : " (last attempt: " + lastSeen + ")") + OutputTail.format(lastLines));
        this.probe = probe;
        this.timeout = timeout;
        this.lastSeen = lastSeen;
        this.lastLines = List.copyOf(lastLines);
    }

    /** @return the description of the probe that was awaited */
    public String probe() {
        return probe;
    }

    /** @return the start-up timeout that passed */
    public Duration timeout() {
        return timeout;
    }

    /** @return what the last unsuccessful check saw, or null */
    public String lastSeen() {
        return lastSeen;
    }

    /** @return the last lines the process printed, oldest first */
    public List<String> lastLines() {
        return lastLines;
    }
}
