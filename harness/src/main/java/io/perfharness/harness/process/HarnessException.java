package io.perfharness.harness.process;

/** A managed process could not be started, became ready, or be stopped. The CLI maps it to exit code 3. */
public class HarnessException extends RuntimeException {
    public HarnessException(String message) {
        super(message);
    }

    public HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
