package io.perfharness.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.perfharness.reports.Reports;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.compare.Metric;

class GatesTest {

    private static final RunReport RUN = Reports.report("a", 5, 1000, 2000, 0.01, 1);

    @Test
    void parsesAbsoluteGatesIntoMetricOperatorAndLimitInBaseUnits() {
        assertThat(Gates.parse("p99 < 50ms")).isEqualTo(new Gate.Absolute("p99 < 50ms", GateMetric.P99, Gate.Operator.LT, 50_000, null));
        assertThat(Gates.parse("  p99.9<=1.5 s ")).isEqualTo(
                new Gate.Absolute("p99.9<=1.5 s", GateMetric.P999, Gate.Operator.LE, 1_500_000, null));
        assertThat(Gates.parse("requestsPerSecond > 1000")).isEqualTo(
                new Gate.Absolute("requestsPerSecond > 1000", GateMetric.THROUGHPUT, Gate.Operator.GT, 1000, null));
        assertThat(Gates.parse("errors == 0")).isEqualTo(new Gate.Absolute("errors == 0", GateMetric.ERRORS, Gate.Operator.EQ, 0, null));
        assertThat(Gates.parse("errorRate < 0.1%")).isEqualTo(
                new Gate.Absolute("errorRate < 0.1%", GateMetric.ERROR_RATE, Gate.Operator.LT, 0.1, null));
        assertThat(Gates.parse("max <= 250us")).isEqualTo(new Gate.Absolute("max <= 250us", GateMetric.MAX, Gate.Operator.LE, 250, null));
        assertThat(Gates.parse("rps >= 1_000")).isEqualTo(new Gate.Absolute("rps >= 1_000", GateMetric.THROUGHPUT, Gate.Operator.GE, 1000, null));
    }

    @Test
    void parsesRelativeGates() {
        assertThat(Gates.parse("vs baseline: throughput -5%")).isEqualTo(
                new Gate.Relative("vs baseline: throughput -5%", Metric.THROUGHPUT, 5));
        assertThat(Gates.parse("vs baseline: p99 +10%")).isEqualTo(new Gate.Relative("vs baseline: p99 +10%", Metric.P99, 10));
        assertThat(Gates.parse("VS Baseline:p50 7%")).isEqualTo(new Gate.Relative("VS Baseline:p50 7%", Metric.P50, 7));
        assertThat(Gates.parse("vs baseline: errorRate +0.5pp")).isEqualTo(
                new Gate.Relative("vs baseline: errorRate +0.5pp", Metric.ERROR_RATE, 0.5));
    }

    @Test
    void syntaxErrorsAreOneLineWithTheGateAndAColumn() {
        assertThatThrownBy(() -> Gates.parse("p99 < 50")).isInstanceOf(GateSyntaxException.class)
                .hasMessage("gate 'p99 < 50': p99 is a latency: give a unit after 50 (us, ms or s) (column 9)");
        assertThatThrownBy(() -> Gates.parse("p98 < 50ms")).hasMessageContaining("unknown metric 'p98'").hasMessageContaining("column 1");
        assertThatThrownBy(() -> Gates.parse("errors = 0")).hasMessageContaining("use '=='");
        assertThatThrownBy(() -> Gates.parse("p99 ~ 5ms")).hasMessageContaining("expected a comparison").hasMessageContaining("column 5");
        assertThatThrownBy(() -> Gates.parse("p99 < fast")).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> Gates.parse("p99 < 5 minutes")).hasMessageContaining("unknown latency unit 'minutes'");
        assertThatThrownBy(() -> Gates.parse("errors < 5 ms")).hasMessageContaining("is a count");
        assertThatThrownBy(() -> Gates.parse("vs baseline: throughput +5%")).hasMessageContaining("gets worse when it falls: write -5%");
        assertThatThrownBy(() -> Gates.parse("vs baseline: p99 -10%")).hasMessageContaining("rises: write +10%");
        assertThatThrownBy(() -> Gates.parse("vs baseline: p99 10ms")).hasMessageContaining("expected a change like +10%");
        assertThatThrownBy(() -> Gates.parse("vs baseline: max +10%")).hasMessageContaining("unknown metric 'max'");
        assertThatThrownBy(() -> Gates.parse("vs main: p99 +10%")).hasMessageContaining("expected 'baseline'");
        assertThatThrownBy(() -> Gates.parse("")).hasMessageContaining("empty gate");
        for (String bad : List.of("p99 < 50", "vs baseline", "vs baseline: p99", "errors ==")) {
            assertThatThrownBy(() -> Gates.parse(bad)).isInstanceOf(GateSyntaxException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void absoluteGatesPassOrFailWithTheValueSeen() {
        GateResults r = Gates.evaluate(Gates.parse(List.of("p50 < 10ms", "p50 < 1ms", "errors == 0", "throughput > 2000")),
                RUN, List.of());
        assertThat(r.results()).extracting(GateResult::status).containsExactly(
                GateResult.Status.PASSED, GateResult.Status.FAILED, GateResult.Status.PASSED, GateResult.Status.FAILED);
        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).hasSize(2);
        assertThat(r.failures().get(0).message()).startsWith("p50 < 1ms: 2").endsWith(" ms");
        assertThat(r.failures().get(1).message()).contains("req/s");
        assertThat(r.describe()).contains("FAILED       p50 < 1ms");
    }

    @Test
    void relativeGatesUseTheComparisonAndAreSkippedWithoutABaseline() {
        List<Gate> gates = Gates.parse(List.of("vs baseline: throughput -5%", "vs baseline: p50 +50%"));
        RunReport baseline = Reports.report("b", 5, 1150, 2000, 0.01, 2);
        GateResults r = Gates.evaluate(gates, RUN, List.of(baseline));
        assertThat(r.results()).extracting(GateResult::status).containsExactly(GateResult.Status.FAILED, GateResult.Status.PASSED);
        assertThat(r.results().get(0).message()).contains("regression").contains("5 vs 5 repetitions");
        GateResults none = Gates.evaluate(gates, RUN, List.of());
        assertThat(none.passed()).isTrue();
        assertThat(none.results()).allMatch(x -> x.status() == GateResult.Status.SKIPPED && x.message().contains("no baseline"));
    }

    @Test
    void aRelativeGateWithoutEnoughEvidenceIsInconclusiveNotPassed() {
        List<Gate> gates = Gates.parse(List.of("vs baseline: throughput -5%"));
        // one repetition against one: no test can reach significance
        RunReport baseline = Reports.report("b", 1, 1150, 2000, 0.01, 2);
        RunReport run = Reports.report("h", 1, 500, 2000, 0.01, 3);
        GateResults r = Gates.evaluate(gates, run, List.of(baseline));
        assertThat(r.results()).extracting(GateResult::status).containsExactly(GateResult.Status.INCONCLUSIVE);
        assertThat(r.inconclusive()).hasSize(1);
        assertThat(r.failures()).isEmpty();
    }
}
