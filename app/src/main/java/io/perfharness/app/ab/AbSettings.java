package io.perfharness.app.ab;

import io.perfharness.app.cli.InputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.perfharness.reports.compare.AlphaSpending;
import io.perfharness.reports.compare.CompareSettings;

/**
 * How {@code ab} (and each step of {@code bisect}) measures and decides.
 *
 * @param scenario   the scenario file, relative to the repository's root (the same path in every side)
 * @param step       the load step to run
 * @param runOptions extra options for every {@code perfharness run} (e.g. {@code -d 2s --repeat 3})
 * @param budget     wall time for the whole command (worktrees, builds, runs); new blocks start only while
 *                   one more fits; the minimum is always run
 * @param minRuns    runs per side before the first look, ≥ 3
 * @param maxRuns    runs per side at most, ≥ minRuns
 * @param alpha      false-alarm level of the whole gate over all looks and metrics, 0 &lt; alpha &lt; 1
 * @param spending   how alpha is spent over the looks
 * @param compare    thresholds of the metrics
 * @param seed       seed of the run order
 * @param launcher   which perfharness runs each side
 * @param build      a shell command run in each side's directory before its runs, or null
 * @param out        where reports and logs go
 */
public record AbSettings(String scenario, String step, List<String> runOptions, Duration budget, int minRuns,
                         int maxRuns, double alpha, AlphaSpending spending, CompareSettings compare, long seed,
                         Launcher launcher, String build, Path out) {

    /** Which perfharness runs a side. */
    public enum Launcher {
        /** The side's own {@code ./perfharness} when it has one (it builds that side's jar), else this one. */
        SIDE,
        /** This perfharness for both sides: the same load generator, nothing to build. */
        THIS
    }

    public AbSettings {
        runOptions = List.copyOf(runOptions);
        if (minRuns < 3) {
            throw new InputException("--min-runs must be at least 3, got " + minRuns);
        }
        if (maxRuns < minRuns) {
            throw new InputException("--max-runs (" + maxRuns + ") must be at least --min-runs (" + minRuns + ")");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new InputException("--alpha must be between 0 and 1, got " + alpha);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new InputException("--budget must be positive, got " + budget);
        }
    }

    /** @return a copy writing to {@code dir} (each bisect step has its own) */
    public AbSettings withOut(Path dir) {
        return new AbSettings(scenario, step, runOptions, budget, minRuns, maxRuns, alpha, spending, compare, seed,
                launcher, build, dir);
    }
}
