package io.perfharness.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {

    @TempDir
    Path dir;

    static RunReport sample() {
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 10L);
        }
        TreeMap<Integer, Long> status = new TreeMap<>();
        status.put(500, 3L);
        return new RunReport(RunReport.SCHEMA_VERSION, RunMeta.collect(Path.of(".")), "flask-json", "http",
                new LoadParameters(List.of("http://127.0.0.1:8001/"), "GET", 2, 2, 5, 1, 5, null, java.util.Map.of(), null, List.of(), false, null, null, false, false, 1),
                1000, 5.0, 200.0, new ErrorCounts(1, 0, 2, 0, status, 0, 0, 0), 0, LatencySummary.of(h), EncodedHistogram.of(h), null, null, 0, 0, List.of(), null);
    }

    @Test
    void reportRoundTripsWithItsWholeHistogram() {
        RunReport report = sample();
        Path file = dir.resolve("sub/report.json");
        ReportFiles.write(report, file);

        RunReport back = ReportFiles.read(file);
        assertThat(back).isEqualTo(report);
        Histogram h = back.histogram().decode();
        assertThat(h.getTotalCount()).isEqualTo(1000);
        assertThat(h.getValueAtPercentile(50)).isBetween(4990L, 5010L);
        assertThat(back.latency().p50Us()).isEqualTo(h.getValueAtPercentile(50));
        assertThat(back.errors().total()).isEqualTo(6);
    }

    @Test
    void writeLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("r.json");
        ReportFiles.write(sample(), file);
        ReportFiles.write(sample(), file);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void jsonCarriesErrorTotalAndMicrosecondFields() throws Exception {
        Path file = dir.resolve("r.json");
        ReportFiles.write(sample(), file);
        var tree = ReportFiles.mapper().readTree(file.toFile());
        assertThat(tree.at("/errors/total").asLong()).isEqualTo(6);
        assertThat(tree.at("/errors/status/500").asLong()).isEqualTo(3);
        assertThat(tree.at("/latency/p99Us").isNumber()).isTrue();
        assertThat(tree.at("/histogram/encoding").asText()).isEqualTo(EncodedHistogram.ENCODING);
    }

    @Test
    void schema3ReportWithoutAgentsReadsAsOneGeneratorAndAgentsRoundTrip() throws Exception {
        Path file = dir.resolve("r.json");
        ReportFiles.write(sample(), file);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        tree.remove("agents");
        Files.writeString(file, tree.toString(), StandardCharsets.UTF_8);
        assertThat(ReportFiles.read(file).agents()).isNull();

        RunReport r = sample();
        java.time.Instant at = java.time.Instant.parse("2026-11-23T14:10:40Z");
        RunReport agent = r.withAgents(List.of(AgentPart.of(1, 3, at, at.plusMillis(12), r)));
        ReportFiles.write(agent, file);
        RunReport back = ReportFiles.read(file);
        assertThat(back).isEqualTo(agent);
        assertThat(back.agents().get(0).segment()).isEqualTo("1/3");
        assertThat(back.agents().get(0).lateMillis()).isEqualTo(12.0);
        assertThat(back.agents().get(0).startAt()).isEqualTo("2026-11-23T14:10:40Z");
    }

    @Test
    void reportWrittenBeforeBodyErrorsExistedReadsThemAsZero() throws Exception {
        Path file = dir.resolve("r.json");
        ReportFiles.write(sample(), file);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("errors")).remove("body");
        Files.writeString(file, tree.toString(), StandardCharsets.UTF_8);

        RunReport back = ReportFiles.read(file);
        assertThat(back.errors().body()).isZero();
        assertThat(back.errors().total()).isEqualTo(6);
    }

    @Test
    void tlsHandshakesRoundTripAndReportsWrittenBeforeTlsReadWithoutThem() throws Exception {
        Histogram handshakes = new Histogram(1, 3_600_000_000L, 3);
        handshakes.recordValue(800);
        handshakes.recordValue(300);
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        h.recordValue(1000);
        Repetition rep = Repetition.of(1, 1.0, new ErrorCounts(0, 0, 0, 0, new TreeMap<>(), 2, 0, 0), h, List.of())
                .withTls(TlsHandshakes.of("openssl (BoringSSL)", handshakes, 1, "SSLHandshakeException: untrusted"));
        RunReport report = RunReport.ofRepetitions(RunMeta.collect(Path.of(".")), "s", "https", sample().load(), List.of(rep));
        Path file = dir.resolve("r.json");
        ReportFiles.write(report, file);

        RunReport back = ReportFiles.read(file);
        assertThat(back).isEqualTo(report);
        assertThat(back.tls().handshakes()).isEqualTo(2);
        assertThat(back.tls().resumedShare()).isEqualTo(0.5);
        assertThat(back.errors().tls()).isEqualTo(2);
        assertThat(back.errorRate()).as("a failed handshake is a failed attempt").isEqualTo(2.0 / 3);

        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("errors")).remove("tls");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("load")).remove("insecure");
        var r0 = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("repetitions").get(0);
        r0.remove("tls");
        ((com.fasterxml.jackson.databind.node.ObjectNode) r0.get("errors")).remove("tls");
        Files.writeString(file, tree.toString(), StandardCharsets.UTF_8);

        RunReport old = ReportFiles.read(file);
        assertThat(old.tls()).isNull();
        assertThat(old.errors().tls()).isZero();
        assertThat(old.load().insecure()).isNull();
    }

    @Test
    void reportWrittenBeforeHttp2ReadsNoStreamErrorsAndUnknownH2() throws Exception {
        Path file = dir.resolve("r.json");
        ReportFiles.write(sample(), file);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("errors")).remove(List.of("reset", "goaway"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("load")).remove(List.of("h2", "streams"));
        Files.writeString(file, tree.toString(), StandardCharsets.UTF_8);

        RunReport back = ReportFiles.read(file);
        assertThat(back.errors().reset()).isZero();
        assertThat(back.errors().goaway()).isZero();
        assertThat(back.errors().total()).isEqualTo(6);
        assertThat(back.load().h2()).isNull();
        assertThat(back.load().streams()).isNull();
    }

    @Test
    void streamErrorsRoundTripAndCountInTheTotal() throws Exception {
        Path file = dir.resolve("r.json");
        RunReport r = sample();
        ErrorCounts e = new ErrorCounts(0, 0, 0, 0, new java.util.TreeMap<>(), 0, 4, 5);
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 10L);
        }
        ReportFiles.write(RunReport.ofRepetitions(r.meta(), r.scenario(), r.step(), r.load(),
                List.of(Repetition.of(1000, 5.0, e, h, List.of()))), file);

        RunReport back = ReportFiles.read(file);
        assertThat(back.errors().reset()).isEqualTo(4);
        assertThat(back.errors().goaway()).isEqualTo(5);
        assertThat(back.errors().total()).isEqualTo(9);
        assertThat(ReportFiles.mapper().readTree(file.toFile()).get("errors").get("total").asLong()).isEqualTo(9);
    }

    @Test
    void theFirstConnectFailuresCauseRoundTripsAndIsNullWhenNoConnectFailed() throws Exception {
        RunReport r = sample();
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        h.recordValue(1000);
        ErrorCounts refused = new ErrorCounts(7, 0, 0, 0, new java.util.TreeMap<>(), 0, 0, 0,
                "ConnectException: Connection refused");
        ErrorCounts none = new ErrorCounts(0, 0, 0, 0, new java.util.TreeMap<>(), 0, 0, 0);
        Path file = dir.resolve("r.json");
        ReportFiles.write(RunReport.ofRepetitions(r.meta(), r.scenario(), r.step(), r.load(),
                List.of(Repetition.of(1, 1.0, none, h, List.of()), Repetition.of(1, 1.0, refused, h, List.of()))), file);

        RunReport back = ReportFiles.read(file);

        assertThat(back.errors().connect()).isEqualTo(7);
        assertThat(back.errors().connectCause()).isEqualTo("ConnectException: Connection refused");
        assertThat(back.runs().get(0).errors().connectCause()).isNull();
        Path clean = dir.resolve("clean.json");
        ReportFiles.write(r, clean);
        assertThat(ReportFiles.mapper().readTree(clean.toFile()).get("errors").get("connectCause").isNull()).isTrue();
        assertThat(ReportFiles.read(clean)).isEqualTo(r);
        // a report written before the cause was kept has no such field: it reads as null
        com.fasterxml.jackson.databind.node.ObjectNode old =
                (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(clean.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("errors")).remove("connectCause");
        Path older = dir.resolve("older.json");
        ReportFiles.mapper().writeValue(older.toFile(), old);
        assertThat(ReportFiles.read(older).errors().connectCause()).isNull();
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\n  \"schemaVersion\": 1,\n  \"meta\": {,\n}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReportFiles.read(file))
                .isInstanceOf(ReportFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void missingFileUnknownVersionAndNonReportAreRefused() throws Exception {
        assertThatThrownBy(() -> ReportFiles.read(dir.resolve("nope.json")))
                .isInstanceOf(ReportFormatException.class).hasMessageContaining("no such file");
        Path v9 = dir.resolve("v9.json");
        Files.writeString(v9, "{\"schemaVersion\": 9}");
        assertThatThrownBy(() -> ReportFiles.read(v9)).hasMessageContaining("unsupported schemaVersion 9");
        Path other = dir.resolve("other.json");
        Files.writeString(other, "[1,2,3]");
        assertThatThrownBy(() -> ReportFiles.read(other)).hasMessageContaining("not a perfharness report");
    }

    @Test
    void reportWithoutHistogramIsRefused() throws Exception {
        Path file = dir.resolve("r.json");
        ReportFiles.write(sample(), file);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        tree.remove("histogram");
        ReportFiles.mapper().writeValue(file.toFile(), tree);
        assertThatThrownBy(() -> ReportFiles.read(file))
                .isInstanceOf(ReportFormatException.class).hasMessageContaining("histogram");
    }

    @Test
    void corruptHistogramIsRefused() throws Exception {
        Path file = dir.resolve("r.json");
        ReportFiles.write(sample(), file);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("histogram")).put("data", "AAAA");
        ReportFiles.mapper().writeValue(file.toFile(), tree);
        assertThatThrownBy(() -> ReportFiles.read(file)).hasMessageContaining("field 'histogram'");
    }
}
