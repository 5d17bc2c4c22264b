package io.perfharness.app.run;

import java.net.URI;
import java.util.List;

import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;

/** Turns a load generator's result into the report format. */
public final class LoadReports {
    private LoadReports() {
    }

    /** @return the report of {@code result}, made on the machine and in the git state {@code meta} describes */
    public static RunReport of(LoadResult result, RunMeta meta, String scenario, String step) {
        return of(List.of(result), meta, scenario, step);
    }

    /**
     * @param results repetitions of one load, in the order run (at least one); the first one's spec gives
     *                the report's load parameters
     * @return one report of them all, each repetition with its summary, histogram and per-second timeline
     */
    public static RunReport of(List<LoadResult> results, RunMeta meta, String scenario, String step) {
        LoadSpec s = results.get(0).spec();
        LoadParameters params = new LoadParameters(
                s.urls().stream().map(URI::toString).toList(), s.method(), s.connections(), s.threads(),
                seconds(s.duration()), seconds(s.warmup()), seconds(s.timeout()), s.rate());
        List<Repetition> reps = results.stream()
                .map(r -> Repetition.of(r.requests(), r.durationSeconds(), r.errors(), r.latencyMicros(), r.intervals()))
                .toList();
        return RunReport.ofRepetitions(meta, scenario, step, params, reps);
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }
}
