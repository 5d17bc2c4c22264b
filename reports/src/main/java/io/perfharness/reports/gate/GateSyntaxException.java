package io.perfharness.reports.gate;

/** A gate that cannot be parsed; the message is one line that quotes the gate and says what was expected where. */
public class GateSyntaxException extends IllegalArgumentException {
    public GateSyntaxException(String message) {
        super(message);
    }
}
