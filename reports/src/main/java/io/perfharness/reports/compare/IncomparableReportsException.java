package io.perfharness.reports.compare;

/**
 * Base and head cannot be compared: they were made with different load parameters or steps, are of
 * different kinds (load reports and JMH results), or have no metric in common. The CLI exits 2.
 */
public class IncomparableReportsException extends IllegalArgumentException {
    public IncomparableReportsException(String message) {
        super(message);
    }
}
