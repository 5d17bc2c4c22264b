package io.perfharness.app.run;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.perfharness.loadgen.ClientCost;
import io.perfharness.loadgen.Endpoint;
import io.perfharness.loadgen.IntervalCounts;
import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.CpuCost;
import io.perfharness.reports.EndpointReport;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.StageResult;
import io.perfharness.reports.TimelineSample;
import io.perfharness.reports.TlsHandshakes;
import org.HdrHistogram.Histogram;

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
                s.endpoints().isEmpty() ? null : s.endpoints().stream().map(LoadReports::endpoint).toList(),
                s.stages().stream().map(st -> new LoadParameters.Stage(seconds(st.duration()), st.rate(), st.connections()))
                        .toList(),
                s.insecure(), s.h2(), s.streams());
    }

    private static LoadParameters.Endpoint endpoint(Endpoint e) {
        return new LoadParameters.Endpoint(e.name(), e.method(), e.url().toString(), e.headers(),
                LoadParameters.Body.of(e.body()), e.weight());
    }

    static Repetition repetition(LoadResult r, Double serviceCpuMicros) {
        Repetition rep = Repetition.of(r.requests(), r.durationSeconds(), r.errors(), r.latencyMicros(), r.intervals())
                .withOpenModel(r.dropped(), r.serviceTimeMicros())
                .withChecks(r.clampedValues(), r.checkedBodies())
                .withCosts(r.fromWriteMicros(), cost(r.cost(), serviceCpuMicros))
                .withTls(r.tls() == null ? null : TlsHandshakes.of(r.tls().provider(), r.tls().handshakeMicros(),
                        r.tls().resumed(), r.tls().firstFailure()))
                .withEndpoints(r.endpoints().isEmpty() ? null : r.endpoints().stream()
                        .map(e -> EndpointReport.of(e.name(), e.requests(), r.durationSeconds(), e.errors(),
                                e.latencyMicros(), e.fromWriteMicros()))
                        .toList());
        return withStages(rep, r);
    }

    /**
     * @return {@code rep} with each second's target and counts, and with what each stage measured (its intervals'
     *         histograms added: the load generator cuts intervals at the stages' ends)
     */
    private static Repetition withStages(Repetition rep, LoadResult r) {
        List<IntervalCounts> counts = r.intervalCounts();
        if (counts.size() != rep.timeline().size()) {
            return rep; // not recorded
        }
        List<TimelineSample> samples = new java.util.ArrayList<>();
        java.util.Map<Integer, Histogram> latency = new java.util.TreeMap<>();
        java.util.Map<Integer, double[]> sums = new java.util.TreeMap<>(); // seconds, target × seconds, sent, errors, dropped
        for (int i = 0; i < counts.size(); i++) {
            IntervalCounts c = counts.get(i);
            TimelineSample t = rep.timeline().get(i).withCounts(c.target(), c.sent(), c.errors(), c.dropped(),
                    c.activeConnections() < 0 ? null : c.activeConnections());
            samples.add(t);
            if (c.stage() >= 0) {
                Histogram h = r.intervals().get(i);
                latency.merge(c.stage(), h, (a, b) -> {
                    a.add(b);
                    return a;
                });
                double[] sum = sums.computeIfAbsent(c.stage(), k -> new double[5]);
                sum[0] += t.durationSeconds();
                sum[1] += c.target() * t.durationSeconds();
                sum[2] += c.sent();
                sum[3] += c.errors();
                sum[4] += c.dropped();
            }
        }
        List<StageResult> stages = new java.util.ArrayList<>();
        sums.forEach((stage, sum) -> stages.add(StageResult.of(stage, sum[0], sum[0] > 0 ? sum[1] / sum[0] : 0,
                (long) sum[2], (long) sum[3], (long) sum[4], latency.get(stage),
                stage < r.dueByStage().size() ? r.dueByStage().get(stage) : null)));
        return rep.withStages(samples, stages);
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
