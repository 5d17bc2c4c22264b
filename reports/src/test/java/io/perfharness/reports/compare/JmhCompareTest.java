package io.perfharness.reports.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.ReportFormatException;
import io.perfharness.reports.Reports;

class JmhCompareTest {

    @TempDir
    Path dir;

    /** A JMH -rf json file with one benchmark per (name, mode, unit, score) and seeded raw data. */
    private Path jmh(String file, int forks, long seed, Object[]... benchmarks) throws Exception {
        Random random = new Random(seed);
        ArrayNode root = ReportFiles.mapper().createArrayNode();
        for (Object[] b : benchmarks) {
            ObjectNode o = root.addObject();
            o.put("jmhVersion", "1.37");
            o.put("benchmark", "io.perfharness.bench." + b[0]);
            o.put("mode", (String) b[1]);
            o.put("threads", 1);
            o.put("forks", forks);
            o.putObject("params").put("size", "10");
            ObjectNode pm = o.putObject("primaryMetric");
            double score = (Double) b[3];
            pm.put("score", score);
            pm.put("scoreError", score * 0.01);
            pm.put("scoreUnit", (String) b[2]);
            ArrayNode raw = pm.putArray("rawData");
            for (int f = 0; f < forks; f++) {
                ArrayNode it = raw.addArray();
                double forkShift = 1 + 0.01 * random.nextGaussian();
                for (int i = 0; i < 5; i++) {
                    it.add(score * forkShift * (1 + 0.003 * random.nextGaussian()));
                }
            }
            o.putObject("secondaryMetrics");
        }
        Path p = dir.resolve(file);
        ReportFiles.mapper().writeValue(p.toFile(), root);
        return p;
    }

    private static MetricComparison metric(Comparison c, String name) {
        return c.metrics().stream().filter(m -> m.metric().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void lowerThroughputScoreAndHigherTimePerOpAreRegressions() throws Exception {
        Path base = jmh("base.json", 5, 1, new Object[] {"Json.parse", "thrpt", "ops/s", 100_000.0},
                new Object[] {"Json.write", "avgt", "ns/op", 250.0}, new Object[] {"Probe.tcp", "avgt", "us/op", 40.0});
        Path head = jmh("head.json", 5, 2, new Object[] {"Json.parse", "thrpt", "ops/s", 90_000.0},
                new Object[] {"Json.write", "avgt", "ns/op", 280.0}, new Object[] {"Probe.tcp", "avgt", "us/op", 30.0});
        Comparison c = Comparison.of(base, head, CompareSettings.defaults());
        assertThat(metric(c, "Json.parse:size=10").metric().direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(metric(c, "Json.parse:size=10").verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(metric(c, "Json.write:size=10").metric().direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(metric(c, "Json.write:size=10").verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(metric(c, "Probe.tcp:size=10").verdict()).isEqualTo(Verdict.IMPROVEMENT);
        assertThat(metric(c, "Json.parse:size=10").baseN()).as("one sample per fork").isEqualTo(5);
        assertThat(c.hasRegression()).isTrue();
    }

    @Test
    void sameScoresAreNoRegressionAndThresholdsApplyByNameOrScore() throws Exception {
        Path base = jmh("base.json", 5, 1, new Object[] {"Json.parse", "thrpt", "ops/ms", 100.0});
        Path head = jmh("head.json", 5, 2, new Object[] {"Json.parse", "thrpt", "ops/ms", 100.0});
        assertThat(Comparison.of(base, head, CompareSettings.defaults()).hasRegression()).isFalse();
        Path slower = jmh("slower.json", 5, 3, new Object[] {"Json.parse", "thrpt", "ops/ms", 92.0});
        assertThat(Comparison.of(base, slower, CompareSettings.defaults()).hasRegression()).isTrue();
        assertThat(Comparison.of(base, slower, CompareSettings.defaults().withThreshold("score=10%")).hasRegression()).isFalse();
        assertThat(Comparison.of(base, slower, CompareSettings.defaults().withThreshold("Json.parse:size=10=10%"))
                .hasRegression()).isFalse();
    }

    @Test
    void fewForksFallBackToIterationsWithAWarning() throws Exception {
        Path base = jmh("base.json", 2, 1, new Object[] {"Json.parse", "thrpt", "ops/s", 100.0});
        Path head = jmh("head.json", 2, 2, new Object[] {"Json.parse", "thrpt", "ops/s", 100.0});
        Comparison c = Comparison.of(base, head, CompareSettings.defaults());
        assertThat(metric(c, "Json.parse:size=10").baseN()).isEqualTo(10);
        assertThat(c.warnings()).anyMatch(w -> w.contains("2 fork(s)") && w.contains("iterations are the samples"));
    }

    @Test
    void benchmarksOnOneSideAreSkippedWithAWarning() throws Exception {
        Path base = jmh("base.json", 5, 1, new Object[] {"A.x", "thrpt", "ops/s", 100.0}, new Object[] {"A.old", "thrpt", "ops/s", 1.0});
        Path head = jmh("head.json", 5, 2, new Object[] {"A.x", "thrpt", "ops/s", 100.0}, new Object[] {"A.new", "thrpt", "ops/s", 1.0});
        Comparison c = Comparison.of(base, head, CompareSettings.defaults());
        assertThat(c.metrics()).hasSize(1);
        assertThat(c.warnings()).anyMatch(w -> w.startsWith("A.old:size=10: only in base"))
                .anyMatch(w -> w.startsWith("A.new:size=10: only in head"));
    }

    @Test
    void changedModeOrKindIsIncomparable() throws Exception {
        Path base = jmh("base.json", 5, 1, new Object[] {"A.x", "thrpt", "ops/s", 100.0});
        Path head = jmh("head.json", 5, 2, new Object[] {"A.x", "avgt", "ns/op", 100.0});
        assertThatThrownBy(() -> Comparison.of(base, head, CompareSettings.defaults()))
                .isInstanceOf(IncomparableReportsException.class).hasMessageContaining("A.x");
        Path report = dir.resolve("report.json");
        ReportFiles.write(Reports.report("a", 5, 1000, 500, 0.01, 1), report);
        assertThatThrownBy(() -> Comparison.of(base, report, CompareSettings.defaults()))
                .isInstanceOf(IncomparableReportsException.class).hasMessageContaining("JMH results");
    }

    @Test
    void malformedJmhIsABadInput() throws Exception {
        Path base = jmh("base.json", 5, 1, new Object[] {"A.x", "thrpt", "ops/s", 100.0});
        Path noMetric = dir.resolve("nometric.json");
        Files.writeString(noMetric, "[{\"benchmark\": \"A.x\"}]");
        Path badRaw = dir.resolve("badraw.json");
        Files.writeString(badRaw, "[{\"benchmark\": \"A.x\", \"mode\": \"thrpt\", \"primaryMetric\": "
                + "{\"score\": 1, \"scoreUnit\": \"ops/s\", \"rawData\": [[1, \"x\"]]}}]");
        assertThatThrownBy(() -> Comparison.of(base, noMetric, CompareSettings.defaults()))
                .isInstanceOf(ReportFormatException.class).hasMessageContaining("nor JMH results");
        assertThatThrownBy(() -> Comparison.of(base, badRaw, CompareSettings.defaults()))
                .isInstanceOf(ReportFormatException.class).hasMessageContaining("rawData");
    }

    @Test
    void directionComesFromTheUnitThenTheMode() {
        assertThat(Metric.jmhDirection("ops/us", "avgt")).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(Metric.jmhDirection("ms/op", "thrpt")).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(Metric.jmhDirection("B/op", "thrpt")).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(Metric.jmhDirection("B/op", "avgt")).isEqualTo(Direction.LOWER_IS_BETTER);
    }
}
