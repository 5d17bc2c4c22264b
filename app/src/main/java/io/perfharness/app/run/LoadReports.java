package io.perfharness.app.run;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.perfharness.loadgen.ClientCost;
import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.CpuCost;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.TlsHandshakes;

/** Turns a load generator's results into the report format: every setting and every measurement. */
public final class LoadReports {
    private LoadReports() {
    }

    /**
     * @param results    repetitions of one load, in the order run (at least one); the first one's spec gives
     *                   the report's load parameters
     * @param serviceCpu per result, the services' CPU time per request in µs, or null when not measured
     * @return one report of them all, each repetition with its summary, histograms and per-second timeline
     */
    public static RunReport of(List<LoadResult> results, List<Double> serviceCpu, RunMeta meta, String scenario, String step) {
        List<Repetition> reps = new java.util.ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            reps.add(repetition(results.get(i), serviceCpu.get(i)));
        }
        return RunReport.ofRepetitions(meta, scenario, step, parameters(results.get(0).spec()), reps);
    }

    /** @return every setting of {@code s} as a report records it (the body as its length and digest) */
    public static LoadParameters parameters(LoadSpec s) {
        return new LoadParameters(s.urls().stream().map(URI::toString).toList(), s.method(), s.connections(),
                s.threads(), seconds(s.duration()), seconds(s.warmup()), seconds(s.timeout()), s.rate(),
                s.headers(), LoadParameters.Body.of(s.body()), List.copyOf(s.expectedStatus()), s.expectJson(),
                s.insecure(), s.h2(), s.streams());
    }

    static Repetition repetition(LoadResult r, Double serviceCpuMicros) {
        return Repetition.of(r.requests(), r.durationSeconds(), r.errors(), r.latencyMicros(), r.intervals())
                .withOpenModel(r.dropped(), r.serviceTimeMicros())
                .withChecks(r.clampedValues(), r.checkedBodies())
                .withCosts(r.fromWriteMicros(), cost(r.cost(), serviceCpuMicros))
                .withTls(r.tls() == null ? null : TlsHandshakes.of(r.tls().provider(), r.tls().handshakeMicros(),
                        r.tls().resumed(), r.tls().firstFailure()));
    }

    /** @return the client's cost as the report keeps it; its parts {@code null} when not measured */
    private static CpuCost cost(ClientCost c, Double serviceCpuMicros) {
        boolean measured = c != null && c.windowSeconds() > 0 && c.requests() > 0;
        return new CpuCost(measured ? c.userMicrosPerRequest() : null, measured ? c.systemMicrosPerRequest() : null,
                measured && !c.loopBusy().isEmpty() ? c.maxLoopBusy() : null, serviceCpuMicros);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
