package io.perfharness.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

class RepetitionsTest {

    @TempDir
    Path dir;

    @Test
    void ofRepetitionsAddsCountsHistogramsAndErrors() {
        Repetition a = Reports.repetition(1000, 500, 1);
        Repetition b = Reports.repetition(3000, 500, 2);
        Repetition withErrors = new Repetition(b.requests(), b.durationSeconds(), b.requestsPerSecond(),
                new ErrorCounts(1, 2, 3, 0, new java.util.TreeMap<>(java.util.Map.of(500, 4L)), 0, 0, 0), 0, b.latency(),
                b.histogram(), null, null, 0, 0, null, null, null, b.timeline(), null, List.of(), null);
        RunReport r = RunReport.ofRepetitions(Reports.meta("abc"), "s", "http", Reports.PARAMS, List.of(a, withErrors));

        assertThat(r.schemaVersion()).isEqualTo(RunReport.SCHEMA_VERSION);
        assertThat(r.requests()).isEqualTo(20_000);
        assertThat(r.durationSeconds()).isEqualTo(10.0);
        assertThat(r.requestsPerSecond()).isEqualTo(2000.0);
        assertThat(r.errors().total()).isEqualTo(10);
        assertThat(r.histogram().decode().getTotalCount()).isEqualTo(20_000);
        assertThat(r.repetitions()).hasSize(2);
        assertThat(r.runs()).isSameAs(r.repetitions());
    }

    @Test
    void repetitionTimelineHasOneSamplePerIntervalFromItsTimeStamps() {
        Repetition r = Reports.repetition(1000, 500, 3);
        assertThat(r.timeline()).hasSize(5);
        TimelineSample third = r.timeline().get(2);
        assertThat(third.startSeconds()).isEqualTo(2.0);
        assertThat(third.durationSeconds()).isEqualTo(1.0);
        assertThat(third.requests()).isEqualTo(1000);
        assertThat(third.requestsPerSecond()).isEqualTo(1000.0);
        assertThat(third.p50Us()).isCloseTo(500, within(50L));
        assertThat(third.p99Us()).isGreaterThan(third.p50Us());
    }

    @Test
    void intervalsWithoutTimeStampsAreConsecutiveSeconds() {
        Histogram h = new Histogram(3);
        h.recordValue(100);
        Repetition r = Repetition.of(1, 2.0, ErrorCounts.NONE, h, List.of(h, h));
        assertThat(r.timeline()).extracting(TimelineSample::startSeconds).containsExactly(0.0, 1.0);
    }

    @Test
    void errorRateCountsStatusErrorsWithinRequestsAndOthersBeside() {
        Histogram h = new Histogram(3);
        ErrorCounts e = new ErrorCounts(5, 5, 0, 1, new java.util.TreeMap<>(java.util.Map.of(503, 10L)), 0, 0, 0);
        Repetition r = Repetition.of(90, 1.0, e, h, List.of());
        assertThat(r.errorRate()).isCloseTo(21.0 / 100, within(1e-12));
    }

    @Test
    void noRepetitionsIsRefused() {
        assertThatThrownBy(() -> RunReport.ofRepetitions(Reports.meta(null), null, "load", Reports.PARAMS, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repeatedReportRoundTrips() {
        RunReport r = Reports.report("abc", 3, 1000, 500, 0.02, 7);
        Path file = dir.resolve("r.json");
        ReportFiles.write(r, file);
        assertThat(ReportFiles.read(file)).isEqualTo(r);
    }

    @Test
    void schemaOneReportIsReadAsOneRepetition() throws Exception {
        RunReport one = ReportFilesTest.sample();
        Path file = dir.resolve("v1.json");
        ReportFiles.write(one, file);
        ObjectNode tree = (ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        tree.put("schemaVersion", 1);
        tree.remove("repetitions");
        ReportFiles.mapper().writeValue(file.toFile(), tree);

        RunReport back = ReportFiles.read(file);
        assertThat(back.schemaVersion()).isEqualTo(1);
        assertThat(back.repetitions()).isEmpty();
        assertThat(back.runs()).singleElement().satisfies(r -> {
            assertThat(r.requests()).isEqualTo(one.requests());
            assertThat(r.latency()).isEqualTo(one.latency());
            assertThat(r.timeline()).isEmpty();
        });
    }

    @Test
    void committedSchemaOneFileStillReads() throws Exception {
        Path file = Path.of(getClass().getResource("/schema1-report.json").toURI());
        RunReport r = ReportFiles.read(file);
        assertThat(r.schemaVersion()).isEqualTo(1);
        assertThat(r.runs()).hasSize(1);
        assertThat(r.histogram().decode().getTotalCount()).isEqualTo(r.requests());
    }

    @Test
    void corruptRepetitionHistogramNamesTheRepetition() throws Exception {
        Path file = dir.resolve("r.json");
        ReportFiles.write(Reports.report("abc", 2, 100, 500, 0.02, 1), file);
        ObjectNode tree = (ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        ((ObjectNode) tree.get("repetitions").get(1).get("histogram")).put("data", "AAAA");
        Files.writeString(file, ReportFiles.mapper().writeValueAsString(tree));
        assertThatThrownBy(() -> ReportFiles.read(file)).isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("repetitions[1].histogram");
    }
}
