package io.perfharness.reports.maxrate;

import java.util.List;
import java.util.Objects;

import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.RunMeta;

/**
 * The outcome of a search for the highest open-model rate that meets a latency goal (an SLO), with the
 * evidence of every step. Written as JSON by {@link MaxRateFiles}; shown by {@link MaxRateFormat}.
 *
 * @param schemaVersion   {@value #SCHEMA_VERSION}
 * @param meta            machine, time and git state
 * @param scenario        scenario name, or {@code null} for {@code perfharness load}
 * @param step            step name ({@code load} for {@code perfharness load})
 * @param slo             the goal's gates as written ({@code p99 < 20ms}); a step meets the goal when all pass
 * @param load            the load of each step, except its rate (the first step's rate is recorded)
 * @param probeRate       throughput of the short closed-model probe the search started from, req/s; {@code null}
 *                        when a start rate was given
 * @param startRate       the first step's rate, req/s
 * @param precision       the search ends when the lowest failing rate is within this fraction above the highest
 *                        passing one (0.03 = 3%)
 * @param outcome         what the search found
 * @param maxRate         the highest rate that met the goal, req/s; {@code null} when none did
 * @param firstFailedRate the lowest rate above {@code maxRate} that failed, req/s; {@code null} when none failed
 * @param budgetSeconds   the time the search was allowed, s
 * @param elapsedSeconds  the time it took, s (probe and warm-ups included)
 * @param note            one sentence saying what the numbers mean (the answer, or why there is none)
 * @param steps           every step in the order run
 */
public record MaxRateReport(int schemaVersion, RunMeta meta, String scenario, String step, List<String> slo,
                            LoadParameters load, Double probeRate, double startRate, double precision, Outcome outcome,
                            Double maxRate, Double firstFailedRate, double budgetSeconds, double elapsedSeconds,
                            String note, List<RateStep> steps) {

    /** The schema this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /** What a search found. */
    public enum Outcome {
        /** A rate met the goal and the next failing one is within the precision above it. */
        FOUND,
        /**
         * A rate met the goal, but the budget ran out before a failing rate within the precision above it was
         * found: {@code maxRate} is a lower bound.
         */
        LOWER_BOUND,
        /** No rate tried met the goal (the CLI exits 4: inconclusive). */
        NONE_MET
    }

    public MaxRateReport {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(outcome, "outcome");
        slo = List.copyOf(slo);
        steps = List.copyOf(steps);
    }
}
