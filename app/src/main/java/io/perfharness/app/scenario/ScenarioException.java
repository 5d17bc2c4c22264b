package io.perfharness.app.scenario;

/** A scenario file that cannot be used; the message says which file, where, and what is wrong. The CLI exits 2. */
public class ScenarioException extends RuntimeException {
    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
