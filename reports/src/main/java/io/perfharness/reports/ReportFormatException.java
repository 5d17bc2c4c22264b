package io.perfharness.reports;

/** A report file that cannot be read: missing, unreadable, malformed, or of another schema version. */
public class ReportFormatException extends RuntimeException {
    public ReportFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public ReportFormatException(String message) {
        super(message);
    }
}
