package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.ReportFiles;

class CompareCommandTest {

    @TempDir
    Path dir;

    private Path base() {
        return SampleReports.write(dir.resolve("base.json"), SampleReports.report("aaa", 5, 1000, 500, 1));
    }

    @Test
    void sameDistributionExits0WithATable() {
        Path head = SampleReports.write(dir.resolve("head.json"), SampleReports.report("bbb", 5, 1000, 500, 2));
        ReportCommands r = ReportCommands.run("compare", base().toString(), head.toString());
        assertThat(r.exitCode).as(r.err + r.out).isZero();
        assertThat(r.out).contains("metric").contains("throughput").contains("p99.9").contains("errorRate")
                .contains("result: no regression");
    }

    @Test
    void tenPercentSlowerHeadExits1NamingTheMetric() {
        Path head = SampleReports.write(dir.resolve("head.json"), SampleReports.report("bbb", 5, 900, 550, 2));
        ReportCommands r = ReportCommands.run("compare", base().toString(), head.toString());
        assertThat(r.exitCode).as(r.err + r.out).isEqualTo(1);
        assertThat(r.out).contains("REGRESSION in throughput");
    }

    @Test
    void thresholdFlagLoosensTheGate() {
        Path head = SampleReports.write(dir.resolve("head.json"), SampleReports.report("bbb", 5, 900, 550, 2));
        ReportCommands r = ReportCommands.run("compare", base().toString(), head.toString(),
                "--threshold", "throughput=20%", "--threshold", "p50=20%", "--threshold", "p90=20%",
                "--threshold", "p99=20%", "--threshold", "p99.9=30%");
        assertThat(r.exitCode).as(r.err + r.out).isZero();
    }

    @Test
    void markdownAndJsonFormatsAndOutputFile() throws Exception {
        Path head = SampleReports.write(dir.resolve("head.json"), SampleReports.report("bbb", 5, 900, 550, 2));
        Path md = dir.resolve("summary.md");
        ReportCommands r = ReportCommands.run("compare", base().toString(), head.toString(), "--format", "markdown",
                "-o", md.toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).startsWith("### perfharness compare: **regression**").contains("| --- |");
        assertThat(Files.readString(md)).isEqualTo(r.out);
        ReportCommands j = ReportCommands.run("compare", base().toString(), head.toString(), "--format", "json");
        assertThat(ReportFiles.mapper().readTree(j.out).get("result").asText()).isEqualTo("regression");
    }

    @Test
    void htmlPageIsWrittenBesideTheVerdict() throws Exception {
        Path head = SampleReports.write(dir.resolve("head.json"), SampleReports.report("bbb", 5, 900, 550, 2));
        Path page = dir.resolve("out/compare.html");
        ReportCommands r = ReportCommands.run("compare", base().toString(), head.toString(), "--html", page.toString());
        assertThat(r.exitCode).as(r.err).isEqualTo(1);
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("compare: regression")
                .contains("id=\"percentiles\"");
    }

    @Test
    void badInputExits2WithOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("out.md");
        Path page = dir.resolve("out.html");
        Path malformed = dir.resolve("bad.json");
        Files.writeString(malformed, "{\"schemaVersion\": 2, \"meta\": ");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        for (Path bad : List.of(dir.resolve("missing.json"), malformed, empty)) {
            ReportCommands r = ReportCommands.run("compare", base().toString(), bad.toString(), "-o", out.toString(),
                    "--html", page.toString());
            assertThat(r.exitCode).as(bad.toString()).isEqualTo(2);
            assertThat(r.err).startsWith("perfharness: " + bad).contains(bad.toString());
            assertThat(r.err.lines().count()).as(r.err).isEqualTo(1);
            assertThat(r.out).isEmpty();
            assertThat(out).doesNotExist();
            assertThat(page).doesNotExist();
        }
    }

    @Test
    void differentConnectionsExit2UnlessAllowedThenWarnLoudly() {
        LoadParameters four = new LoadParameters(SampleReports.PARAMS.urls(), "GET", 4, 2, 3, 1, 5, null, java.util.Map.of(), null, List.of(), false, null, null, false, false, 1);
        Path head = SampleReports.write(dir.resolve("head.json"),
                SampleReports.report("bbb", "2026-11-23T14:10:39Z", 5, 1000, 500, 2, four));
        ReportCommands refused = ReportCommands.run("compare", base().toString(), head.toString());
        assertThat(refused.exitCode).isEqualTo(2);
        assertThat(refused.err).contains("connections 2 vs 4");
        ReportCommands allowed = ReportCommands.run("compare", base().toString(), head.toString(), "--allow-mismatch");
        assertThat(allowed.exitCode).isZero();
        assertThat(allowed.err).contains("WARNING: COMPARING REPORTS MADE WITH DIFFERENT PARAMETERS");
        assertThat(allowed.out).contains("WARNING");
    }

    @Test
    void unknownFormatOrMethodIsAUsageError() {
        Path b = base();
        assertThat(ReportCommands.run("compare", b.toString(), b.toString(), "--format", "xml").exitCode).isEqualTo(2);
        assertThat(ReportCommands.run("compare", b.toString(), b.toString(), "--method", "t").exitCode).isEqualTo(2);
        assertThat(ReportCommands.run("compare", b.toString()).exitCode).isEqualTo(2);
    }

    private Path jmh(String name, double... forkScores) throws Exception {
        StringBuilder raw = new StringBuilder();
        for (double f : forkScores) {
            raw.append(raw.length() == 0 ? "" : ",").append("[").append(f).append(",").append(f * 1.001).append("]");
        }
        Path p = dir.resolve(name);
        Files.writeString(p, "[{\"benchmark\": \"io.perfharness.bench.Json.parse\", \"mode\": \"avgt\", "
                + "\"primaryMetric\": {\"score\": " + forkScores[0] + ", \"scoreError\": 1, \"scoreUnit\": \"ns/op\", "
                + "\"rawData\": [" + raw + "]}}]");
        return p;
    }

    @Test
    void jmhResultsGetTheSameVerdictsAndExitCodes() throws Exception {
        Path base = jmh("base.json", 100, 101, 99, 100.5, 100.2);
        Path same = jmh("same.json", 100.3, 99.6, 100.1, 100.8, 99.9);
        Path slower = jmh("slower.json", 110, 111, 109, 110.5, 110.2);
        ReportCommands ok = ReportCommands.run("compare", base.toString(), same.toString());
        assertThat(ok.exitCode).as(ok.err + ok.out).isZero();
        assertThat(ok.out).contains("Json.parse").contains("ns/op");
        ReportCommands bad = ReportCommands.run("compare", base.toString(), slower.toString());
        assertThat(bad.exitCode).as(bad.err + bad.out).isEqualTo(1);
        assertThat(bad.out).contains("REGRESSION in Json.parse");
        Path report = SampleReports.write(dir.resolve("report.json"), SampleReports.report("aaa", 5, 1000, 500, 1));
        ReportCommands mixed = ReportCommands.run("compare", base.toString(), report.toString());
        assertThat(mixed.exitCode).isEqualTo(2);
    }
}
