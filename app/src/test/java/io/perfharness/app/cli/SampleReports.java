package io.perfharness.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.HdrHistogram.Histogram;

import io.perfharness.reports.ErrorCounts;
import io.perfharness.reports.GitInfo;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;

/** Made-up reports for the report commands' tests: seeded, with a chosen throughput and median latency. */
final class SampleReports {
    private SampleReports() {
    }

    static final LoadParameters PARAMS = new LoadParameters(List.of("http://127.0.0.1:8001/"), "GET", 2, 2, 3, 1, 5, null, java.util.Map.of(), null, List.of(), false, null, null, false, false, 1);

    static RunMeta meta(String commit, String timestamp) {
        return new RunMeta(commit == null ? null : new GitInfo(commit, "main", false), timestamp, "test-host", 2, "jvm", "os");
    }

    /** {@code n} repetitions of 3 s at about {@code rps} req/s (±1%) with log-normal latencies around {@code medianUs}. */
    static RunReport report(String commit, int n, double rps, double medianUs, long seed) {
        return report(commit, "2026-11-23T14:10:39Z", n, rps, medianUs, seed, PARAMS);
    }

    static RunReport report(String commit, String timestamp, int n, double rps, double medianUs, long seed,
                            LoadParameters params) {
        Random random = new Random(seed);
        List<Repetition> reps = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            double f = 1 + 0.01 * random.nextGaussian();
            Histogram all = new Histogram(1, 3_600_000_000L, 3);
            List<Histogram> seconds = new ArrayList<>();
            long start = 1_700_000_000_000L + r * 10_000L;
            for (int s = 0; s < 3; s++) {
                Histogram h = new Histogram(1, 3_600_000_000L, 3);
                h.setStartTimeStamp(start + s * 1000L);
                h.setEndTimeStamp(start + (s + 1) * 1000L);
                for (long i = 0; i < Math.round(rps * f); i++) {
                    h.recordValue(Math.max(1, Math.round(medianUs / f * Math.exp(0.4 * random.nextGaussian()))));
                }
                all.add(h);
                seconds.add(h);
            }
            reps.add(Repetition.of(all.getTotalCount(), 3.0, ErrorCounts.NONE, all, seconds));
        }
        return RunReport.ofRepetitions(meta(commit, timestamp), "flask-json", "http", params, reps);
    }

    static Path write(Path file, RunReport report) {
        ReportFiles.write(report, file);
        return file;
    }
}
