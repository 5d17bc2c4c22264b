package io.perfharness.app.maxrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.perfharness.reports.RunReport;
import io.perfharness.reports.gate.Gate;
import io.perfharness.reports.gate.GateMetric;
import io.perfharness.reports.gate.GateResult;
import io.perfharness.reports.gate.GateResults;
import io.perfharness.reports.gate.Gates;
import io.perfharness.reports.maxrate.RateStep;

/**
 * Whether one step of a search met the goal. Besides the SLO's gates, a step the server did not sustain
 * fails: its achieved rate more than {@link RateStep#SHORTFALL} below the intended one, or a request
 * dropped (due while every connection was busy and the queue full). Any error fails it too, unless the
 * SLO has a gate on {@code errors} or {@code errorRate}, which then decides alone.
 */
final class StepCheck {

    /** A shortfall of this many requests or fewer is the window's edges (a response or two), never a failure. */
    static final long EDGE_REQUESTS = 2;

    private StepCheck() {
    }

    /**
     * @param intended the rate the step asked for, req/s
     * @param report   what the step measured (one repetition, open model)
     * @param slo      the goal's gates
     * @param rerun    whether the step runs the rate of the one before again
     * @return the step with its verdict and reasons
     */
    static RateStep of(double intended, RunReport report, List<Gate> slo, boolean rerun) {
        GateResults gates = Gates.evaluate(slo, report, List.of());
        List<String> reasons = new ArrayList<>();
        for (GateResult g : gates.results()) {
            if (g.status() != GateResult.Status.PASSED) {
                reasons.add(g.message());
            }
        }
        int onGates = reasons.size();
        if (report.requests() == 0) {
            reasons.add("no response completed");
        } else {
            double expected = intended * report.durationSeconds();
            double shortfall = expected - report.requests();
            if (shortfall > Math.max(RateStep.SHORTFALL * expected, EDGE_REQUESTS)) {
                reasons.add(String.format(Locale.ROOT, "achieved %.1f req/s, %.1f%% below the intended rate: not sustained",
                        report.requestsPerSecond(), 100 * shortfall / expected));
            }
        }
        if (report.dropped() > 0) {
            reasons.add(report.dropped() + " dropped (every connection busy, queue full)");
        }
        long errors = report.errors().total();
        boolean bounded = slo.stream().anyMatch(g -> g instanceof Gate.Absolute a
                && (a.metric() == GateMetric.ERRORS || a.metric() == GateMetric.ERROR_RATE));
        if (errors > 0 && !bounded) {
            reasons.add(errors + " errors (no errorRate gate allows any)");
        }
        return new RateStep(intended, report.requestsPerSecond(), report.requests(), report.durationSeconds(),
                report.latency(), report.dropped(), errors, reasons.isEmpty(), reasons,
                gates.results().stream().map(GateResult::message).toList(), reasons.size() == onGates, rerun);
    }
}
