package io.perfharness.app.maxrate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.perfharness.harness.process.HarnessException;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.maxrate.MaxRateReport.Outcome;
import io.perfharness.reports.maxrate.RateStep;

/**
 * Finds the highest open-model rate at which a server meets a goal ({@link MaxRateGoal}), as wrk2's users do by
 * hand with {@code -R}.
 *
 * <ol>
 * <li>Start: the load's {@code rate} when given; else {@link #START_FRACTION} of the throughput of a short
 *     closed-model probe with the same connections (at most {@link #PROBE} after the warm-up) — the closed
 *     model's throughput is about the most those connections can carry.</li>
 * <li>Bracket: while steps pass, multiply the rate by {@link #UP}; while they fail (and none passed), divide
 *     it by {@link #DOWN}.</li>
 * <li>Bisect (geometric mean) between the highest passing and the lowest failing rate until the failing one is
 *     within the goal's precision above the passing one.</li>
 * </ol>
 * Each step is a fresh load at one rate: the load's warm-up, then its duration measured; the server stays up.
 * A step that failed on its latency gates alone, although the server kept up with the rate (see
 * {@link RateStep#sustained()}), is run once more and the rate fails only if that fails too: one scheduler
 * stall on a shared machine moves a short window's p99, and would otherwise send the search down for good.
 * No step starts that would end after the budget (estimated from the longest step so far).
 *
 * <pre>{@code
 * MaxRateSearch.Found<LoadResult> f = new MaxRateSearch<>(goal, spec -> LoadGenerator.run(spec, NONE), toReport,
 *         (n, step) -> System.out.println(MaxRateFormat.stepLine(n, step)), System::nanoTime).run(load);
 * }</pre>
 *
 * @param <T> what running one load gives (a {@code LoadResult}); the search keeps the best passing one
 */
public final class MaxRateSearch<T> {

    /** The first step's rate as a fraction of the closed-model probe's throughput. */
    static final double START_FRACTION = 0.75;
    /** Factor between steps while they pass. */
    static final double UP = 1.25;
    /** Factor between steps while they fail. */
    static final double DOWN = 1.5;
    /** Longest measured window of the closed-model probe. */
    static final Duration PROBE = Duration.ofSeconds(3);
    /** Pause between steps, so that the last one's connections settle at the server. */
    static final Duration PAUSE = Duration.ofMillis(200);

    /** Told of each step as it ends. */
    public interface Listener {
        /** @param n the step's 1-based number */
        void step(int n, RateStep step);

        /** @param requestsPerSecond the closed-model probe's throughput */
        default void probe(double requestsPerSecond) {
        }
    }

    /**
     * What a search found.
     *
     * @param probeRate       the closed-model probe's throughput, req/s, or null when a start rate was given
     * @param startRate       the first step's rate, req/s
     * @param outcome         found, a lower bound (budget spent), or none met
     * @param maxRate         the highest rate that met the goal, or null
     * @param firstFailedRate the lowest failing rate above {@code maxRate}, or null
     * @param elapsed         how long the search took
     * @param note            one sentence on what the numbers mean
     * @param steps           every step, in order
     * @param best            the load of {@code maxRate}, or null
     */
    public record Found<T>(Double probeRate, double startRate, Outcome outcome, Double maxRate, Double firstFailedRate,
                           Duration elapsed, String note, List<RateStep> steps, T best) {
    }

    private final MaxRateGoal goal;
    private final Function<LoadSpec, T> run;
    private final Function<T, RunReport> report;
    private final Listener listener;
    private final LongSupplier nanoClock;

    /**
     * @param goal      what to find
     * @param run       runs one load to its end
     * @param report    what a load measured, as a report (the gates read it)
     * @param listener  told of the probe and each step
     * @param nanoClock {@link System#nanoTime()}
     */
    public MaxRateSearch(MaxRateGoal goal, Function<LoadSpec, T> run, Function<T, RunReport> report, Listener listener,
                         LongSupplier nanoClock) {
        this.goal = goal;
        this.run = run;
        this.report = report;
        this.listener = listener;
        this.nanoClock = nanoClock;
    }

    /**
     * @param base the load of every step but its rate; its rate, when set, is the first step's
     * @return what was found
     * @throws HarnessException when the probe or a step got no response at all and only connect errors: the
     *                          server is not there (exit 3)
     */
    public Found<T> run(LoadSpec base) {
        long start = nanoClock.getAsLong();
        long deadline = start + goal.budget().toNanos();
        long longestStep = base.warmup().plus(base.duration()).toNanos() + 500_000_000L;
        Double probe = null;
        double first;
        if (base.rate() == null) {
            LoadSpec p = base.toBuilder().duration(min(base.duration(), PROBE)).build();
            if (start + p.warmup().plus(p.duration()).toNanos() > deadline) {
                return new Found<>(null, 0, Outcome.NONE_MET, null, null, since(start),
                        "the budget " + goal.budget().toSeconds() + "s is too short for the probe: nothing was tried",
                        List.of(), null);
            }
            long t0 = nanoClock.getAsLong();
            RunReport r = report.apply(run.apply(p));
            longestStep = Math.max(longestStep, nanoClock.getAsLong() - t0);
            requireResponses(r, "the closed-model probe");
            probe = r.requestsPerSecond();
            listener.probe(probe);
            first = Math.max(LoadSpec.MIN_RATE, START_FRACTION * probe);
        } else {
            first = base.rate();
        }
        List<RateStep> steps = new ArrayList<>();
        Double lo = null; // highest passing rate
        Double hi = null; // lowest failing rate
        T best = null;
        String stop;
        while (true) {
            if (lo != null && hi != null && hi / lo - 1 <= goal.precision() && !pendingRerun(steps)) {
                stop = null;
                break;
            }
            RateStep last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
            boolean rerun = last != null && !last.passed() && last.sustained() && !last.rerun();
            double rate = rerun ? last.intendedRate()
                    : lo == null && hi == null ? first : hi == null ? lo * UP : lo == null ? hi / DOWN : Math.sqrt(lo * hi);
            if (rate < LoadSpec.MIN_RATE || rate > LoadSpec.MAX_RATE) {
                stop = String.format(Locale.ROOT, "the next rate, %.3g req/s, is outside what the load generator sends", rate);
                break;
            }
            if (nanoClock.getAsLong() + longestStep > deadline) {
                stop = "the budget of " + seconds(goal.budget()) + " ran out";
                break;
            }
            pause(steps.isEmpty() && probe == null);
            long t0 = nanoClock.getAsLong();
            T result = run.apply(base.toBuilder().rate(rate).build());
            longestStep = Math.max(longestStep, nanoClock.getAsLong() - t0);
            RunReport r = report.apply(result);
            requireResponses(r, String.format(Locale.ROOT, "the step at %.1f req/s", rate));
            RateStep step = StepCheck.of(rate, r, goal.slo(), rerun);
            steps.add(step);
            listener.step(steps.size(), step);
            if (step.passed()) {
                if (lo == null || rate > lo) {
                    lo = rate;
                    best = result;
                }
            } else if (!pendingRerun(steps) && (hi == null || rate < hi)) {
                hi = rate;
            }
        }
        Outcome outcome = lo == null ? Outcome.NONE_MET : stop == null ? Outcome.FOUND : Outcome.LOWER_BOUND;
        return new Found<>(probe, first, outcome, lo, hi, since(start), note(outcome, lo, hi, stop, steps), steps, best);
    }

    /** @return whether the last step failed on latency alone for the first time: its rate is run again */
    private static boolean pendingRerun(List<RateStep> steps) {
        RateStep last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        return last != null && !last.passed() && last.sustained() && !last.rerun();
    }

    private String note(Outcome outcome, Double lo, Double hi, String stop, List<RateStep> steps) {
        String precision = String.format(Locale.ROOT, "%.3g%%", 100 * goal.precision());
        return switch (outcome) {
            case FOUND -> String.format(Locale.ROOT, "%.1f req/s met the goal and %.1f req/s, %.1f%% above, did not"
                    + " (asked: within %s), after %d steps", lo, hi, 100 * (hi / lo - 1), precision, steps.size());
            case LOWER_BOUND -> hi == null
                    ? String.format(Locale.ROOT, "every rate tried met the goal, up to %.1f req/s; %s before one failed:"
                    + " the highest rate is at least that", lo, stop)
                    : String.format(Locale.ROOT, "%.1f req/s met the goal and %.1f req/s did not; %s before they were"
                    + " within %s: the answer is a lower bound", lo, hi, stop, precision);
            case NONE_MET -> steps.isEmpty() ? stop + " before any step: nothing was measured (exit 4: inconclusive)"
                    : String.format(Locale.ROOT, "no rate tried met the goal, down to %.3g req/s; %s (exit 4: inconclusive)",
                    steps.stream().mapToDouble(RateStep::intendedRate).min().orElse(0), stop);
        };
    }

    private static void requireResponses(RunReport r, String what) {
        if (r.requests() == 0 && r.errors().connect() > 0 && r.errors().connect() == r.errors().total()) {
            throw new HarnessException("max-rate search: " + what + " got no response, only " + r.errors().connect()
                    + " connect errors: is the server at " + r.load().urls().get(0) + " up?");
        }
    }

    private static void pause(boolean first) {
        if (first) {
            return;
        }
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted between the steps of the max-rate search", e);
        }
    }

    private Duration since(long start) {
        return Duration.ofNanos(nanoClock.getAsLong() - start);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String seconds(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
