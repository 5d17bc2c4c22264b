package io.perfharness.harness.run;

import java.net.URI;

import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.EncodedHistogram;
import io.perfharness.reports.LatencySummary;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;

/** Turns a load generator's result into the report format. */
public final class LoadReports {
    private LoadReports() {
    }

    /** @return the report of {@code result}, made on the machine and in the git state {@code meta} describes */
    public static RunReport of(LoadResult result, RunMeta meta, String scenario, String step) {
        LoadSpec s = result.spec();
        LoadParameters params = new LoadParameters(
                s.urls().stream().map(URI::toString).toList(), s.method(), s.connections(), s.threads(),
                seconds(s.duration()), seconds(s.warmup()), seconds(s.timeout()), s.rate());
        return new RunReport(RunReport.SCHEMA_VERSION, meta, scenario, step, params,
                result.requests(), result.durationSeconds(), result.requestsPerSecond(), result.errors(),
                LatencySummary.of(result.latencyMicros()), EncodedHistogram.of(result.latencyMicros()));
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }
}
