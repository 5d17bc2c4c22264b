package io.perfharness.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.reports.html.HtmlReport;

/** The stages of a report: kept through the file, merged over repetitions, shown on the page; old reports still read. */
class StageReportTest {

    @TempDir
    Path dir;

    private static final List<LoadParameters.Stage> STAGES = List.of(new LoadParameters.Stage(1, 100.0, null),
            new LoadParameters.Stage(2, 300.0, null));

    private static Histogram latencies(long micros, int n) {
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        h.recordValueWithCount(micros, n);
        return h;
    }

    private static Repetition repetition(int first, int second) {
        Histogram a = latencies(1000, first);
        Histogram b = latencies(3000, second);
        Histogram all = a.copy();
        all.add(b);
        Histogram i1 = a.copy();
        i1.setStartTimeStamp(1_000_000);
        i1.setEndTimeStamp(1_001_000);
        Histogram i2 = b.copy();
        i2.setStartTimeStamp(1_001_000);
        i2.setEndTimeStamp(1_003_000);
        Repetition r = Repetition.of(first + second, 3, ErrorCounts.NONE, all, List.of(i1, i2));
        return r.withStages(List.of(r.timeline().get(0).withCounts(50, first, 0, 0, null),
                        r.timeline().get(1).withCounts(200, second, 1, 2, null)),
                List.of(StageResult.of(0, 1, 50, first, 0, 0, a, (long) first), StageResult.of(1, 2, 200, second, 1, 2, b, second + 2L)));
    }

    private RunReport report() {
        LoadParameters load = new LoadParameters(List.of("http://127.0.0.1:8001/"), "GET", 4, 2, 3, 1, 5, null,
                java.util.Map.of(), null, List.of(), false, null, STAGES, false, false, 1);
        return RunReport.ofRepetitions(Reports.meta("abc"), "s", "http", load, List.of(repetition(50, 400), repetition(48, 396)));
    }

    @Test
    void stagesSurviveTheFileAndMergeOverRepetitions() {
        RunReport r = report();
        Path file = dir.resolve("r.json");
        ReportFiles.write(r, file);

        RunReport back = ReportFiles.read(file);

        assertThat(back.load().stages()).isEqualTo(STAGES);
        assertThat(back.load().openModel()).isTrue();
        assertThat(back.repetitions().get(0).stages()).isEqualTo(r.repetitions().get(0).stages());
        assertThat(back.repetitions().get(0).timeline().get(1).target()).isEqualTo(200.0);
        List<StageResult> merged = StageResult.overRepetitions(back.runs());
        assertThat(merged).extracting(StageResult::requests).containsExactly(98L, 796L);
        assertThat(merged).extracting(StageResult::durationSeconds).containsExactly(2.0, 4.0);
        assertThat(merged.get(1).requestsPerSecond()).isEqualTo(199.0);
        assertThat(merged.get(1).dropped()).isEqualTo(4);
        assertThat(merged.get(1).due()).isEqualTo(800);
        assertThat((double) merged.get(1).latency().p50Us()).isCloseTo(3000, org.assertj.core.api.Assertions.within(5.0));
    }

    @Test
    void aReportWithoutStageFieldsStillReads() throws Exception {
        Path file = dir.resolve("old.json");
        ReportFiles.write(report(), file);
        // as a report written before stages existed: none of their fields
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("load")).remove("stages");
        for (var rep : tree.get("repetitions")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) rep).remove("stages");
            for (var t : rep.get("timeline")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) t).remove(List.of("target", "sent", "errors", "dropped",
                        "activeConnections"));
            }
        }
        String json = ReportFiles.mapper().writeValueAsString(tree);
        assertThat(json).doesNotContain("stages").doesNotContain("target");
        Files.writeString(file, json);

        RunReport back = ReportFiles.read(file);

        assertThat(back.load().stages()).isNull();
        assertThat(back.repetitions().get(0).stages()).isEmpty();
        assertThat(back.repetitions().get(0).timeline()).allSatisfy(t -> assertThat(t.target()).isNull());
    }

    @Test
    void aStageResultOfAStageThatIsNotThereIsRefused() throws Exception {
        Path file = dir.resolve("bad.json");
        ReportFiles.write(report(), file);
        Files.writeString(file, Files.readString(file).replaceFirst("\"stage\" : 1", "\"stage\" : 7"));

        assertThatThrownBy(() -> ReportFiles.read(file)).isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("repetitions[0].stages[1].stage");
    }

    @Test
    void thePageShowsTargetAgainstAchievedWithTheStagesMarked() {
        String page = HtmlReport.render(report());

        assertThat(page).contains("<h2>Stages</h2>").contains("Target and achieved rate per second")
                .contains("id=\"stages-table\"").contains("0 → 100 req/s").contains("100 → 300 req/s")
                // one line where stage 2 begins, in each of the two repetitions
                .contains("{\"x\":1.0,\"label\":\"stage 2\",\"kind\":\"stage\"}")
                .contains("{\"x\":4.0,\"label\":\"stage 2\",\"kind\":\"stage\"}");
    }
}
