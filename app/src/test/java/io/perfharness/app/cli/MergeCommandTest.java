package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

class MergeCommandTest {

    @TempDir
    Path dir;

    @Test
    void mergesTwoGeneratorsIntoOneReport() {
        Path a = SampleReports.write(dir.resolve("a.json"), SampleReports.report("aaa", 3, 1000, 500, 1));
        Path b = SampleReports.write(dir.resolve("b.json"), SampleReports.report("aaa", 3, 1000, 500, 2));
        Path all = dir.resolve("all.json");
        ReportCommands r = ReportCommands.run("merge", a.toString(), b.toString(), "-o", all.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(r.out).contains("merged 2 reports").contains(all.toString());
        RunReport merged = ReportFiles.read(all);
        assertThat(merged.requests()).isEqualTo(ReportFiles.read(a).requests() + ReportFiles.read(b).requests());
        assertThat(merged.load().connections()).isEqualTo(4);
        assertThat(merged.repetitions()).hasSize(3);
    }

    @Test
    void badOrIncompatibleInputExits2AndWritesNothing() throws Exception {
        Path a = SampleReports.write(dir.resolve("a.json"), SampleReports.report("aaa", 3, 1000, 500, 1));
        Path two = SampleReports.write(dir.resolve("two.json"), SampleReports.report("aaa", 2, 1000, 500, 2));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"schemaVersion\": 2");
        Path all = dir.resolve("all.json");
        for (Path bad : new Path[] {two, broken, dir.resolve("missing.json")}) {
            ReportCommands r = ReportCommands.run("merge", a.toString(), bad.toString(), "-o", all.toString());
            assertThat(r.exitCode).as(r.err).isEqualTo(2);
            assertThat(r.err.lines().count()).as(r.err).isEqualTo(1);
            assertThat(all).doesNotExist();
        }
        assertThat(ReportCommands.run("merge", a.toString(), "-o", all.toString()).exitCode).isEqualTo(2);
    }
}
