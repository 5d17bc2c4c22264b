package io.perfharness.reports.gate;

/**
 * The outcome of one gate.
 *
 * @param gate    the gate
 * @param status  passed, failed, inconclusive (no verdict), or not checked
 * @param message what was seen, e.g. {@code p99 < 50ms: 61.2 ms} or why it was not checked
 */
public record GateResult(Gate gate, Status status, String message) {

    /** Whether a gate held. */
    public enum Status {
        PASSED, FAILED,
        /**
         * No verdict: a relative gate whose comparison is inconclusive, or a gate on something the report did
         * not measure (a service's CPU without services).
         */
        INCONCLUSIVE,
        /** Not checked: a relative gate without a baseline, or with one made with other parameters. */
        SKIPPED
    }
}
