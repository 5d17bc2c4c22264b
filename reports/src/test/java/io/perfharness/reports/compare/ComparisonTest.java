package io.perfharness.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.ReportFormatException;
import io.perfharness.reports.Reports;
import io.perfharness.reports.RunReport;

class ComparisonTest {

    @TempDir
    Path dir;

    private Path write(String name, RunReport r) {
        Path f = dir.resolve(name);
        ReportFiles.write(r, f);
        return f;
    }

    private static MetricComparison metric(Comparison c, String name) {
        return c.metrics().stream().filter(m -> m.metric().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void sameDistributionIsNoRegression() {
        Path base = write("base.json", Reports.report("a", 6, 1000, 500, 0.02, 1));
        Path head = write("head.json", Reports.report("b", 6, 1000, 500, 0.02, 2));
        Comparison c = Comparison.of(base, head, CompareSettings.defaults());
        assertThat(c.hasRegression()).isFalse();
        assertThat(c.metrics()).extracting(m -> m.metric().name())
                .containsExactly("throughput", "p50", "p90", "p99", "p99.9", "errorRate");
        assertThat(metric(c, "throughput").baseN()).isEqualTo(6);
    }

    @Test
    void tenPercentLessThroughputWithFiveRepetitionsIsARegression() {
        Path base = write("base.json", Reports.report("a", 5, 1000, 500, 0.01, 1));
        Path head = write("head.json", Reports.report("b", 5, 900, 500, 0.01, 2));
        Comparison c = Comparison.of(base, head, CompareSettings.defaults());
        MetricComparison t = metric(c, "throughput");
        assertThat(t.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(t.change()).isBetween(-13.0, -7.0);
        assertThat(t.ciLow()).isLessThan(t.change());
        assertThat(t.ciHigh()).isGreaterThan(t.change()).isLessThan(0);
        assertThat(t.pValue()).isLessThan(0.05);
        assertThat(c.hasRegression()).isTrue();
        assertThat(c.regressions()).extracting(m -> m.metric().name()).contains("throughput");
    }

    @Test
    void latencyRiseIsARegressionAndFallAnImprovement() {
        Path base = write("base.json", Reports.report("a", 5, 1000, 500, 0.01, 1));
        Path slower = write("slower.json", Reports.report("b", 5, 1000, 600, 0.01, 2));
        Path faster = write("faster.json", Reports.report("c", 5, 1000, 400, 0.01, 3));
        assertThat(metric(Comparison.of(base, slower, CompareSettings.defaults()), "p50").verdict())
                .isEqualTo(Verdict.REGRESSION);
        assertThat(metric(Comparison.of(base, faster, CompareSettings.defaults()), "p50").verdict())
                .isEqualTo(Verdict.IMPROVEMENT);
    }

    @Test
    void twoRepetitionsAreInconclusive() {
        Path base = write("base.json", Reports.report("a", 2, 1000, 500, 0.01, 1));
        Path head = write("head.json", Reports.report("b", 2, 800, 500, 0.01, 2));
        MetricComparison t = metric(Comparison.of(base, head, CompareSettings.defaults()), "throughput");
        assertThat(t.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(t.reason()).contains("too few");
    }

    @Test
    void significantChangeWithinThresholdIsUnchangedAndThresholdIsSettable() {
        Path base = write("base.json", Reports.report("a", 8, 1000, 500, 0.002, 1));
        Path head = write("head.json", Reports.report("b", 8, 970, 500, 0.002, 2));
        MetricComparison t = metric(Comparison.of(base, head, CompareSettings.defaults()), "throughput");
        assertThat(t.pValue()).isLessThan(0.05);
        assertThat(t.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(t.reason()).contains("within");
        MetricComparison strict = metric(Comparison.of(base, head,
                CompareSettings.defaults().withThreshold("throughput=-2%")), "throughput");
        assertThat(strict.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(strict.threshold()).isEqualTo(2.0);
    }

    @Test
    void repetitionsNoisierThanThreeTimesTheThresholdAreInconclusiveUnlessTheGuardIsOff() {
        Path base = write("base.json", Reports.report("a", 10, 1000, 500, 0.25, 1));
        Path head = write("head.json", Reports.report("b", 10, 500, 500, 0.25, 2));
        MetricComparison t = metric(Comparison.of(base, head, CompareSettings.defaults()), "throughput");
        assertThat(t.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(t.reason()).startsWith("too noisy").contains("more than 3 x the threshold of 5%");
        MetricComparison off = metric(Comparison.of(base, head, CompareSettings.defaults().withMaxNoise(0)), "throughput");
        assertThat(off.verdict()).isEqualTo(Verdict.REGRESSION);
    }

    @Test
    void unsteadyThroughputMakesEveryLatencyVerdictInconclusive() {
        // throughput noisy, latency calm and 50% higher in head: no latency verdict holds when the system was not steady
        Path base = write("base.json", Reports.report("a", 10, 1000, 500, 0.25, 1));
        Path head = write("head.json", Reports.report("b", 10, 1000, 750, 0.25, 2));
        Comparison c = Comparison.of(base, head, CompareSettings.defaults());
        assertThat(c.warnings()).anyMatch(w -> w.contains("the machine was not steady"));
        assertThat(c.hasRegression()).isFalse();
        assertThat(metric(c, "errorRate").verdict()).as("absolute: judged on its own").isEqualTo(Verdict.UNCHANGED);
        // p99.9 (threshold 25%) is within its own guard; the unsteady throughput makes it inconclusive
        assertThat(metric(c, "p99.9").verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(metric(c, "p99.9").reason()).startsWith("throughput too noisy to judge");
        assertThat(Comparison.of(base, head, CompareSettings.defaults().withMaxNoise(0)).hasRegression()).isTrue();
    }

    @Test
    void bootstrapIsDeterministicForASeedAndMethodBootstrapAlsoFindsTheRegression() {
        Path base = write("base.json", Reports.report("a", 6, 1000, 500, 0.01, 1));
        Path head = write("head.json", Reports.report("b", 6, 880, 500, 0.01, 2));
        CompareSettings s = CompareSettings.defaults();
        MetricComparison one = metric(Comparison.of(base, head, s), "throughput");
        MetricComparison two = metric(Comparison.of(base, head, s), "throughput");
        assertThat(one.ciLow()).isEqualTo(two.ciLow());
        assertThat(one.ciHigh()).isEqualTo(two.ciHigh());
        Comparison boot = Comparison.of(base, head, s.with(0.05, CompareSettings.Method.BOOTSTRAP, 7));
        assertThat(metric(boot, "throughput").verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(metric(boot, "throughput").reason()).contains("interval excludes 0");
    }

    @Test
    void directoryPoolsEveryRepetitionOfEveryReport() throws Exception {
        Path b = Files.createDirectory(dir.resolve("b"));
        Path h = Files.createDirectory(dir.resolve("h"));
        for (int i = 0; i < 3; i++) {
            ReportFiles.write(Reports.report("a", 2, 1000, 500, 0.01, 10 + i), b.resolve(i + ".json"));
            ReportFiles.write(Reports.report("b", 2, 850, 500, 0.01, 20 + i), h.resolve(i + ".json"));
        }
        Files.writeString(b.resolve("notes.txt"), "ignored");
        Comparison c = Comparison.of(b, h, CompareSettings.defaults());
        assertThat(c.base().sources()).isEqualTo(3);
        assertThat(metric(c, "throughput").baseN()).isEqualTo(6);
        assertThat(metric(c, "throughput").verdict()).isEqualTo(Verdict.REGRESSION);
    }

    /** {@code r} as if it had been made with {@code load} */
    private static RunReport withLoad(RunReport r, LoadParameters load) {
        return new RunReport(r.schemaVersion(), r.meta(), r.scenario(), r.step(), load, r.requests(), r.durationSeconds(),
                r.requestsPerSecond(), r.errors(), 0, r.latency(), r.histogram(), null, null, 0, 0, r.repetitions(), null);
    }

    @Test
    void differentParametersAreRefusedUnlessAllowed() {
        RunReport other = Reports.report("b", 5, 1000, 500, 0.01, 2);
        LoadParameters four = new LoadParameters(Reports.PARAMS.urls(), "GET", 4, 2, 5, 1, 5, null, java.util.Map.of(), null, List.of(), false, null, null, false, false, 1);
        RunReport fourConnections = withLoad(other, four);
        Path base = write("base.json", Reports.report("a", 5, 1000, 500, 0.01, 1));
        Path head = write("head.json", fourConnections);
        assertThatThrownBy(() -> Comparison.of(base, head, CompareSettings.defaults()))
                .isInstanceOf(IncomparableReportsException.class)
                .hasMessageContaining("connections 2 vs 4").hasMessageContaining("--allow-mismatch");
        Comparison c = Comparison.of(base, head, CompareSettings.defaults().withAllowMismatch(true));
        assertThat(c.warnings()).anyMatch(w -> w.contains("DIFFERENT PARAMETERS") && w.contains("connections 2 vs 4"));
        assertThat(ComparisonFormat.TEXT.render(c)).contains("WARNING: COMPARING REPORTS MADE WITH DIFFERENT PARAMETERS");
    }

    @Test
    void insecureOnOneSideIsAWarningNotARefusal() {
        RunReport other = Reports.report("b", 5, 1000, 500, 0.01, 2);
        LoadParameters insecure = new LoadParameters(Reports.PARAMS.urls(), "GET", 2, 2, 5, 1, 5, null, java.util.Map.of(), null, List.of(), false, null, null, true, false, 1);
        RunReport head = withLoad(other, insecure);
        Comparison c = Comparison.of(write("base.json", Reports.report("a", 5, 1000, 500, 0.01, 1)), write("head.json", head),
                CompareSettings.defaults());
        assertThat(c.warnings()).anyMatch(w -> w.contains("insecure false vs true"));
    }

    @Test
    void unknownThresholdMetricIsRefused() {
        Path base = write("base.json", Reports.report("a", 5, 1000, 500, 0.01, 1));
        assertThatThrownBy(() -> Comparison.of(base, base, CompareSettings.defaults().withThreshold("p98=5%")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p98").hasMessageContaining("p99.9");
        assertThatThrownBy(() -> CompareSettings.defaults().withThreshold("p99"))
                .hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> CompareSettings.defaults().withThreshold("p99=lots"))
                .hasMessageContaining("not a number");
    }

    @Test
    void badInputsAreOneLineReportFormatErrors() throws Exception {
        Path good = write("good.json", Reports.report("a", 5, 1000, 500, 0.01, 1));
        Path truncated = dir.resolve("truncated.json");
        String text = Files.readString(good);
        Files.writeString(truncated, text.substring(0, text.length() / 2));
        Path notReport = dir.resolve("other.json");
        Files.writeString(notReport, "{\"name\": \"package.json\"}");
        Path v7 = dir.resolve("v7.json");
        Files.writeString(v7, "{\"schemaVersion\": 7}");
        Path noHistogram = dir.resolve("nohist.json");
        ObjectNode tree = (ObjectNode) ReportFiles.mapper().readTree(text);
        tree.remove("histogram");
        Files.writeString(noHistogram, tree.toString());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path emptyArray = dir.resolve("array.json");
        Files.writeString(emptyArray, "[]");

        for (Path bad : List.of(dir.resolve("missing.json"), truncated, notReport, v7, noHistogram, empty, emptyArray)) {
            assertThatThrownBy(() -> Comparison.of(good, bad, CompareSettings.defaults()))
                    .as(bad.toString())
                    .isInstanceOf(ReportFormatException.class)
                    .hasMessageStartingWith(bad.toString())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void markdownAndJsonCarryTheVerdicts() throws Exception {
        Path base = write("base.json", Reports.report("a", 5, 1000, 500, 0.01, 1));
        Path head = write("head.json", Reports.report("b", 5, 900, 500, 0.01, 2));
        Comparison c = Comparison.of(base, head, CompareSettings.defaults());
        String md = ComparisonFormat.MARKDOWN.render(c);
        assertThat(md).contains("| metric | base | head | change |").contains("**regression**")
                .contains("| throughput |");
        JsonNode json = ReportFiles.mapper().readTree(ComparisonFormat.JSON.render(c));
        assertThat(json.get("result").asText()).isEqualTo("regression");
        assertThat(json.at("/metrics/0/metric").asText()).isEqualTo("throughput");
        assertThat(json.at("/metrics/0/verdict").asText()).isEqualTo("regression");
        assertThat(json.at("/metrics/0/changeUnit").asText()).isEqualTo("%");
        assertThat(json.at("/metrics/5/changeUnit").asText()).isEqualTo("pp");
        String text = ComparisonFormat.TEXT.render(c);
        assertThat(text).contains("result: REGRESSION in throughput");
    }

    @Test
    void schemaOneReportsCompareAsOneSampleEach() throws Exception {
        Path v1 = Path.of(getClass().getResource("/schema1-report.json").toURI());
        Comparison c = Comparison.of(v1, v1, CompareSettings.defaults());
        assertThat(c.metrics()).allMatch(m -> m.verdict() == Verdict.INCONCLUSIVE || m.verdict() == Verdict.UNCHANGED);
        assertThat(c.hasRegression()).isFalse();
    }
}
