package io.perfharness.app.maxrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleFunction;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.perfharness.app.run.LoadReports;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.ErrorCounts;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.gate.Gates;
import io.perfharness.reports.maxrate.MaxRateReport.Outcome;
import io.perfharness.reports.maxrate.RateStep;

/**
 * The search's arithmetic on a server described by a formula (capacity in, latency out), on a clock the test
 * moves: how it brackets, bisects, re-runs a latency-only failure and keeps to its budget. Against real servers:
 * {@code FindMaxRateTest}.
 */
class MaxRateSearchTest {

    private static final RunMeta META = new RunMeta(null, "2026-11-29T22:00:00Z", "h", 2, "jvm", "os");
    private static final LoadSpec BASE = LoadSpec.builder(URI.create("http://127.0.0.1:9/")).connections(4)
            .duration(Duration.ofSeconds(5)).warmup(Duration.ofSeconds(1)).build();

    /** What a server of {@code capacity} req/s measures at a rate: 12 ms below capacity, a growing queue above. */
    private static DoubleFunction<RunReport> server(double capacity) {
        return rate -> report(rate, Math.min(rate, capacity), rate <= capacity ? 12_000 : 400_000);
    }

    private static RunReport report(double intended, double achieved, long latencyUs) {
        long requests = Math.round(achieved * 5);
        Histogram h = new Histogram(3_600_000_000L, 3);
        h.recordValueWithCount(latencyUs, Math.max(1, requests));
        Repetition rep = Repetition.of(requests, 5, ErrorCounts.NONE, h, List.of()).withOpenModel(0, h);
        return RunReport.ofRepetitions(META, null, "load", LoadReports.parameters(
                BASE.toBuilder().rate(Double.isNaN(intended) ? null : intended).build()), List.of(rep));
    }

    /** A clock moved by each load: its warm-up and duration. */
    private static final class Clock {
        long nanos;
    }

    private static MaxRateSearch.Found<RunReport> search(DoubleFunction<RunReport> server, LoadSpec base, Duration budget,
                                                          Clock clock, List<RateStep> seen) {
        MaxRateGoal goal = new MaxRateGoal(MaxRateGoal.parseSlo(List.of("p99 < 20ms")), budget, 0.03);
        return new MaxRateSearch<RunReport>(goal, spec -> {
            clock.nanos += spec.warmup().plus(spec.duration()).toNanos();
            return spec.rate() == null ? report(Double.NaN, 390, 10_000) : server.apply(spec.rate());
        }, r -> r, (n, s) -> seen.add(s), () -> clock.nanos).run(base);
    }

    @Test
    void bracketsThenBisectsToWithinThePrecisionBelowTheCapacity() {
        List<RateStep> seen = new java.util.ArrayList<>();
        MaxRateSearch.Found<RunReport> f = search(server(390), BASE, Duration.ofMinutes(2), new Clock(), seen);
        assertThat(f.probeRate()).isEqualTo(390.0);
        assertThat(f.startRate()).isEqualTo(0.75 * 390);
        assertThat(f.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(f.maxRate()).isLessThanOrEqualTo(390).isGreaterThan(390 / 1.03);
        assertThat(f.firstFailedRate()).isGreaterThan(390);
        assertThat(f.firstFailedRate() / f.maxRate() - 1).isLessThanOrEqualTo(0.03);
        assertThat(f.best().load().rate()).isEqualTo(f.maxRate());
        assertThat(seen).isEqualTo(f.steps());
        assertThat(f.steps()).filteredOn(RateStep::rerun).allSatisfy(s -> assertThat(s.passed()).isFalse());
    }

    @Test
    void aGoalMetOnlyFarBelowTheStartStepsDownByOnePointFive() {
        MaxRateSearch.Found<RunReport> f = search(server(50), BASE.toBuilder().rate(300.0).build(), Duration.ofMinutes(5),
                new Clock(), new java.util.ArrayList<>());
        assertThat(f.probeRate()).isNull();
        assertThat(f.steps().get(0).intendedRate()).isEqualTo(300.0);
        assertThat(f.steps().get(1).intendedRate()).isEqualTo(200.0);
        assertThat(f.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(f.maxRate()).isBetween(50 / 1.03, 50.0);
    }

    @Test
    void aLatencyOnlyFailureIsRunOnceMoreAndPassesIfTheSecondRunPasses() {
        int[] calls = {0};
        // sustained every time, but the first run at 200 req/s stalls
        DoubleFunction<RunReport> stalls = rate -> rate == 200.0 && calls[0]++ == 0 ? report(rate, rate, 90_000)
                : server(390).apply(rate);
        MaxRateSearch.Found<RunReport> f = search(stalls, BASE.toBuilder().rate(200.0).build(), Duration.ofMinutes(2),
                new Clock(), new java.util.ArrayList<>());
        assertThat(f.steps().get(0).passed()).isFalse();
        assertThat(f.steps().get(0).sustained()).isTrue();
        assertThat(f.steps().get(1).rerun()).isTrue();
        assertThat(f.steps().get(1).intendedRate()).isEqualTo(200.0);
        assertThat(f.steps().get(1).passed()).isTrue();
        assertThat(f.steps().get(2).intendedRate()).isEqualTo(250.0);
        assertThat(f.maxRate()).isGreaterThan(370);
    }

    @Test
    void theBudgetEndsTheSearchBeforeAStepThatWouldOverrunIt() {
        Clock clock = new Clock();
        // probe 6 s + 3 steps of 6 s fit in 25 s; a fourth would end at 30 s
        MaxRateSearch.Found<RunReport> f = search(server(390), BASE, Duration.ofSeconds(25), clock, new java.util.ArrayList<>());
        assertThat(f.steps()).hasSize(3);
        assertThat(clock.nanos).isLessThanOrEqualTo(Duration.ofSeconds(25).toNanos());
        assertThat(f.outcome()).isEqualTo(Outcome.LOWER_BOUND);
        assertThat(f.note()).contains("budget of 25s ran out");
    }

    @Test
    void sloTextSplitsAtCommasBeforeAMetricOnly() {
        assertThat(MaxRateGoal.parseSlo(List.of("p99 < 20ms, errorRate < 1%", "requests > 1,000")))
                .containsExactly(Gates.parse("p99 < 20ms"), Gates.parse("errorRate < 1%"), Gates.parse("requests > 1,000"));
    }
}
