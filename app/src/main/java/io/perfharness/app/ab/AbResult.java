package io.perfharness.app.ab;

import java.time.Duration;
import java.util.List;

import io.perfharness.reports.RunReport;

import io.perfharness.reports.compare.Comparison;
import io.perfharness.reports.compare.SequentialComparison;

/**
 * What one A/B measurement concluded.
 *
 * @param base       the base side
 * @param head       the head side
 * @param comparison the comparison at the last look
 * @param blocks     blocks run (runs per side)
 * @param order      the order of the blocks, e.g. {@code BH HB HB BH}
 * @param prepare    wall time of worktrees and builds
 * @param runs       wall time of the runs
 * @param budget     the budget it had
 * @param budgetHit  whether it stopped because the budget (or --max-runs) was reached, not because it had decided
 * @param baseRuns   the base's reports, one per run, in block order
 * @param headRuns   the head's reports
 */
public record AbResult(Side base, Side head, Comparison comparison, int blocks, String order, Duration prepare,
                       Duration runs, Duration budget, boolean budgetHit, List<RunReport> baseRuns, List<RunReport> headRuns) {

    public AbResult {
        baseRuns = List.copyOf(baseRuns);
        headRuns = List.copyOf(headRuns);
    }

    /** The outcome of the gate. */
    public enum Outcome {
        /** No metric regressed and every one was decided: exit 0. */
        NO_REGRESSION,
        /** A metric regressed: exit 1. */
        REGRESSION,
        /** No metric regressed, but at least one could not be decided within the budget: exit 4. */
        INCONCLUSIVE
    }

    /** @return the outcome */
    public Outcome outcome() {
        if (comparison.hasRegression()) {
            return Outcome.REGRESSION;
        }
        return SequentialComparison.decided(comparison) ? Outcome.NO_REGRESSION : Outcome.INCONCLUSIVE;
    }

    /** @return total wall time */
    public Duration wall() {
        return prepare.plus(runs);
    }
}
