package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

/** The default scenario end to end: real gunicorn, real Flask, real load, real report. */
class DefaultScenarioTest {

    static final Path SCENARIO = Repo.root().resolve("examples/flask-json/scenario.yaml");

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft("127.0.0.1:8001");
    }

    @Test
    void defaultScenarioLoadsGunicornWritesReportAndStopsTheWholeTree() throws Exception {
        Path report = dir.resolve("report.json");
        Cli cli = Cli.run("run", SCENARIO.toString(), "--duration", "1s", "--warmup", "0.2s",
                "--report", report.toString(), "--results", dir.toString(), "--quiet");

        assertThat(cli.exitCode).as(cli.err).isEqualTo(0);
        RunReport r = ReportFiles.read(report);
        assertThat(r.scenario()).isEqualTo("flask-json");
        assertThat(r.step()).isEqualTo("http");
        assertThat(r.requests()).isPositive();
        assertThat(r.errors().total()).isZero();
        assertThat(r.load().connections()).isEqualTo(2);
        Histogram h = r.histogram().decode();
        assertThat(h.getTotalCount()).isEqualTo(r.requests());
        assertThat(r.latency().p50Us()).isPositive();

        // the per-second interval histograms sit beside the report, readable by HdrHistogram's log reader
        Path hlog = dir.resolve("report.hlog");
        long logged = 0;
        try (var in = Files.newInputStream(hlog)) {
            var reader = new org.HdrHistogram.HistogramLogReader(in);
            org.HdrHistogram.EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null) {
                logged += ((Histogram) interval).getTotalCount();
            }
        }
        assertThat(logged).isEqualTo(r.requests());

        // gunicorn's master and workers are gone and the port can be bound again at once
        assertThat(NoLeaks.processesWith("127.0.0.1:8001")).isEmpty();
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8001));
        }
        // every process wrote its log into the run's folder
        try (var logs = Files.walk(dir.resolve("logs"))) {
            assertThat(logs.map(p -> p.getFileName().toString())).contains("flask.log", "thread.log", "init.log");
        }
    }
}
