package io.perfharness.reports.maxrate;

import java.util.List;

import io.perfharness.reports.LatencySummary;

/**
 * One open-model load of a max-rate search, and whether it met the goal.
 *
 * @param intendedRate the rate the schedule asked for, req/s (&gt; 0)
 * @param achievedRate completed responses per second of the measured window, req/s (≥ 0)
 * @param requests     completed responses in the measured window (any status)
 * @param seconds      the measured window, s
 * @param latency      latency from the intended send time (corrected for coordinated omission), µs
 * @param dropped      requests due while every connection was busy and the queue was full: never sent
 * @param errors       failed requests of every kind (status, timeout, connect, read/reset, body), dropped ones not included
 * @param passed       whether the step met the goal: every SLO gate passed, the achieved rate within
 *                     {@link #SHORTFALL} of the intended one, nothing dropped, and no error unless the SLO bounds errors
 * @param reasons      why it failed, one line each; empty when it passed
 * @param gates        the SLO gates as evaluated on this step: {@code p99 < 20ms: 12.3 ms}
 * @param sustained    whether the server kept up with the rate: achieved within {@link #SHORTFALL}, nothing
 *                     dropped, no error the SLO does not allow; a step that failed although sustained failed on
 *                     its latency gates alone
 * @param rerun        whether this step ran the rate of the step before it again: a sustained step that failed
 *                     is run once more, and the rate fails only if the second run fails too
 */
public record RateStep(double intendedRate, double achievedRate, long requests, double seconds, LatencySummary latency,
                       long dropped, long errors, boolean passed, List<String> reasons, List<String> gates,
                       boolean sustained, boolean rerun) {

    /** The largest shortfall of the achieved rate below the intended one that a passing step may have: 2%. */
    public static final double SHORTFALL = 0.02;

    public RateStep {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        gates = gates == null ? List.of() : List.copyOf(gates);
    }
}
