package io.perfharness.app.cli;

/** Bad input found by a command (a report that cannot be merged, a threshold naming no metric, a ref that names no commit): exit 2, one line. */
public class InputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
