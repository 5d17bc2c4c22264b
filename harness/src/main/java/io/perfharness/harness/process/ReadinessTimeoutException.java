package io.perfharness.harness.process;

import java.time.Duration;
import java.util.List;

/** A process did not become ready within its start-up timeout; it has been stopped. */
public class ReadinessTimeoutException extends HarnessException {
    public ReadinessTimeoutException(String name, String probe, Duration timeout, String lastSeen, List<String> lastLines) {
        super(name + " not ready after " + timeout.toMillis() + " ms waiting for " + probe
                + (lastSeen == null ? "" : " (last attempt: " + lastSeen + ")") + OutputTail.format(lastLines));
    }
}
