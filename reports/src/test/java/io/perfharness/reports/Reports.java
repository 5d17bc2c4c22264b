package io.perfharness.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.HdrHistogram.Histogram;

/** Reports made up for tests: repetitions with a chosen throughput and latency. */
public final class Reports {
    private Reports() {
    }

    public static final LoadParameters PARAMS =
            new LoadParameters(List.of("http://127.0.0.1:8001/"), "GET", 2, 2, 5, 1, 5, null, java.util.Map.of(), null, List.of(), false, null, null, false, false, 1);

    public static RunMeta meta(String commit) {
        return new RunMeta(commit == null ? null : new GitInfo(commit, "main", false), "2026-11-23T14:10:39Z",
                "test-host", 2, "jvm", "os");
    }

    /**
     * A repetition of 5 s with about {@code rps} req/s and latencies around {@code medianUs} (log-normal,
     * so p99 ≈ 3 × median), 5 one-second timeline samples, seeded.
     */
    public static Repetition repetition(double rps, double medianUs, long seed) {
        Random random = new Random(seed);
        List<Histogram> intervals = new ArrayList<>();
        Histogram all = new Histogram(1, 3_600_000_000L, 3);
        long start = 1_700_000_000_000L;
        long requests = 0;
        for (int s = 0; s < 5; s++) {
            Histogram h = new Histogram(1, 3_600_000_000L, 3);
            h.setStartTimeStamp(start + s * 1000L);
            h.setEndTimeStamp(start + (s + 1) * 1000L);
            long n = Math.round(rps);
            for (long i = 0; i < n; i++) {
                h.recordValue(Math.max(1, Math.round(medianUs * Math.exp(0.5 * random.nextGaussian()))));
            }
            requests += n;
            all.add(h);
            intervals.add(h);
        }
        return Repetition.of(requests, 5.0, ErrorCounts.NONE, all, intervals);
    }

    /** A report of {@code n} repetitions whose throughput and median vary by ±{@code noise} (relative, 1 σ). */
    public static RunReport report(String commit, int n, double rps, double medianUs, double noise, long seed) {
        Random random = new Random(seed);
        List<Repetition> reps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double f = 1 + noise * random.nextGaussian();
            reps.add(repetition(rps * f, medianUs / f, seed * 1000 + i));
        }
        return RunReport.ofRepetitions(meta(commit), "flask-json", "http", PARAMS, reps);
    }
}
