package io.perfharness.reports.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.perfharness.reports.EndpointReport;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.RunReport;

/**
 * One side of a comparison: samples of each metric, one per independent run — a repetition of a load,
 * or a fork of a JMH benchmark.
 *
 * @param label   what the samples came from (a file or directory)
 * @param sources how many files they came from
 * @param samples samples by metric, in the metric's unit, in a stable order
 * @param notes   caveats about the samples, printed with the comparison
 */
public record Distribution(String label, int sources, Map<Metric, double[]> samples, List<String> notes) {

    public Distribution {
        samples = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(samples));
        notes = List.copyOf(notes);
    }

    /** Every repetition of every report is one sample of each {@link Metric#LOAD} metric. */
    public static Distribution ofReports(String label, List<RunReport> reports) {
        List<Repetition> reps = new ArrayList<>();
        reports.forEach(r -> reps.addAll(r.runs()));
        Map<Metric, double[]> samples = new LinkedHashMap<>();
        samples.put(Metric.THROUGHPUT, reps.stream().mapToDouble(Repetition::requestsPerSecond).toArray());
        samples.put(Metric.P50, reps.stream().mapToDouble(r -> r.latency().p50Us() / 1000.0).toArray());
        samples.put(Metric.P90, reps.stream().mapToDouble(r -> r.latency().p90Us() / 1000.0).toArray());
        samples.put(Metric.P99, reps.stream().mapToDouble(r -> r.latency().p99Us() / 1000.0).toArray());
        samples.put(Metric.P999, reps.stream().mapToDouble(r -> r.latency().p999Us() / 1000.0).toArray());
        samples.put(Metric.ERROR_RATE, reps.stream().mapToDouble(r -> r.errorRate() * 100).toArray());
        if (!reps.isEmpty() && reps.stream().allMatch(r -> r.cpu() != null && r.cpu().serviceMicros() != null)) {
            samples.put(Metric.SERVICE_CPU, reps.stream().mapToDouble(r -> r.cpu().serviceMicros()).toArray());
        }
        if (!reps.isEmpty() && reps.stream().allMatch(r -> r.serviceLatency() != null)) {
            samples.put(Metric.SERVICE_P50, reps.stream().mapToDouble(r -> r.serviceLatency().p50Us() / 1000.0).toArray());
            samples.put(Metric.SERVICE_P99, reps.stream().mapToDouble(r -> r.serviceLatency().p99Us() / 1000.0).toArray());
            samples.put(Metric.DROPPED, reps.stream().mapToDouble(Distribution::droppedPercent).toArray());
        }
        perEndpoint(reps, samples);
        return new Distribution(label, reports.size(), samples, List.of());
    }

    /**
     * Adds {@link Metric#PER_ENDPOINT} of each named endpoint that every repetition has, one sample per
     * repetition ({@code p99[checkout]}...), after the whole load's metrics.
     */
    private static void perEndpoint(List<Repetition> reps, Map<Metric, double[]> samples) {
        if (reps.isEmpty() || reps.stream().anyMatch(r -> r.endpoints() == null)) {
            return;
        }
        for (EndpointReport first : reps.get(0).endpoints()) {
            String name = first.name();
            List<EndpointReport> each = new ArrayList<>();
            for (Repetition r : reps) {
                r.endpoints().stream().filter(e -> e.name().equals(name)).findFirst().ifPresent(each::add);
            }
            if (each.size() != reps.size()) {
                continue;
            }
            samples.put(Metric.THROUGHPUT.of(name), each.stream().mapToDouble(EndpointReport::requestsPerSecond).toArray());
            samples.put(Metric.P50.of(name), each.stream().mapToDouble(e -> e.latency().p50Us() / 1000.0).toArray());
            samples.put(Metric.P99.of(name), each.stream().mapToDouble(e -> e.latency().p99Us() / 1000.0).toArray());
            samples.put(Metric.ERROR_RATE.of(name), each.stream().mapToDouble(e -> e.errorRate() * 100).toArray());
        }
    }

    private static double droppedPercent(Repetition r) {
        long due = r.requests() + r.errors().unanswered() + r.dropped();
        return due == 0 ? 0 : 100.0 * r.dropped() / due;
    }

    /**
     * One sample per fork of each benchmark (the mean of its measured iterations): forks are independent
     * JVMs, iterations within a fork are not. With fewer than 4 forks on a side the iterations themselves
     * are the samples, and a note says that run-to-run variance is then under-represented.
     */
    public static Distribution ofJmh(String label, int sources, List<JmhBenchmark> benchmarks) {
        Map<Metric, double[]> samples = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (JmhBenchmark b : benchmarks) {
            Metric m = Metric.jmh(b.key(), b.unit(), b.mode());
            if (samples.containsKey(m)) {
                // the same benchmark in several files of a directory: more forks
                samples.put(m, concat(samples.get(m), b.forkMeans()));
            } else {
                samples.put(m, b.forkMeans());
            }
        }
        Map<Metric, double[]> out = new LinkedHashMap<>();
        for (var e : samples.entrySet()) {
            if (e.getValue().length >= 4) {
                out.put(e.getKey(), e.getValue());
                continue;
            }
            double[] iterations = benchmarks.stream().filter(b -> b.key().equals(e.getKey().name()))
                    .flatMapToDouble(b -> b.iterations().stream().mapToDouble(Double::doubleValue)).toArray();
            out.put(e.getKey(), iterations.length > 0 ? iterations : e.getValue());
            if (iterations.length > e.getValue().length) {
                notes.add(e.getKey().name() + ": " + e.getValue().length + " fork(s) in " + label
                        + ", so its " + iterations.length + " iterations are the samples; they share a JVM and"
                        + " understate run-to-run variance (use -f 5 or more)");
            }
        }
        return new Distribution(label, sources, out, notes);
    }

    /** @return the number of samples of the first metric (the repetitions or forks) */
    public int size() {
        return samples.isEmpty() ? 0 : samples.values().iterator().next().length;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
