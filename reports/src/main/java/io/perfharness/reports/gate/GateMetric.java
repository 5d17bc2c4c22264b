package io.perfharness.reports.gate;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import io.perfharness.reports.EndpointReport;
import io.perfharness.reports.RunReport;

/**
 * What an absolute gate checks: a number of the report's top-level fields, which cover all repetitions
 * together. Latencies are kept in µs, the error rate in %.
 */
public enum GateMetric {
    /** Completed requests per second, req/s. */
    THROUGHPUT(Kind.RATE, r -> r.requestsPerSecond(), "throughput", "requestsPerSecond", "rps"),
    /** Completed requests, a count. */
    REQUESTS(Kind.COUNT, r -> r.requests(), "requests"),
    /** Median latency, µs. */
    P50(Kind.LATENCY, r -> r.latency().p50Us(), "p50", "median"),
    /** 90th percentile latency, µs. */
    P90(Kind.LATENCY, r -> r.latency().p90Us(), "p90"),
    /** 99th percentile latency, µs. */
    P99(Kind.LATENCY, r -> r.latency().p99Us(), "p99"),
    /** 99.9th percentile latency, µs. */
    P999(Kind.LATENCY, r -> r.latency().p999Us(), "p99.9", "p999"),
    /** Largest latency, µs. */
    MAX(Kind.LATENCY, r -> r.latency().maxUs(), "max"),
    /** Mean latency, µs. */
    MEAN(Kind.LATENCY, r -> r.latency().meanUs(), "mean"),
    /** Failed requests of every kind, dropped ones (open model) included, a count. */
    ERRORS(Kind.COUNT, r -> r.errors().total() + r.dropped(), "errors"),
    /** Failed requests (dropped ones included) in % of attempts. */
    ERROR_RATE(Kind.PERCENT, r -> r.errorRate() * 100, "errorRate"),
    /** Open model: requests due but never sent (every connection busy, queue full), a count. */
    DROPPED(Kind.COUNT, r -> r.dropped(), "dropped"),
    /** Median service time (the open model's uncorrected latency; the latency in the closed model), µs. */
    SERVICE_P50(Kind.LATENCY, r -> r.serviceOrLatency().p50Us(), "serviceP50"),
    /** 99th percentile service time, µs. */
    SERVICE_P99(Kind.LATENCY, r -> r.serviceOrLatency().p99Us(), "serviceP99"),
    /** CPU time the services' process trees spent per request, µs (NaN, so failing, when not measured). */
    SERVICE_CPU(Kind.LATENCY, r -> r.cpu() == null || r.cpu().serviceMicros() == null ? Double.NaN : r.cpu().serviceMicros(),
            "serviceCpu"),
    /** CPU time the load generator spent per request, µs (NaN, so failing, when not measured). */
    CLIENT_CPU(Kind.LATENCY, r -> r.cpu() == null || r.cpu().clientMicros() == null ? Double.NaN : r.cpu().clientMicros(),
            "clientCpu");

    /** How values of a metric are written. */
    enum Kind {
        /** req/s; a bare number, or with {@code /s} or {@code rps}. */
        RATE,
        /** a bare number. */
        COUNT,
        /** needs a unit: {@code us} (or {@code µs}), {@code ms} or {@code s}. */
        LATENCY,
        /** a bare number or with {@code %}. */
        PERCENT
    }

    private final Kind kind;
    private final ToDoubleFunction<RunReport> value;
    private final String[] names;

    GateMetric(Kind kind, ToDoubleFunction<RunReport> value, String... names) {
        this.kind = kind;
        this.value = value;
        this.names = names;
    }

    Kind kind() {
        return kind;
    }

    /** @return the name used in gates */
    public String label() {
        return names[0];
    }

    /** @return true if the metric has a value per named endpoint ({@link #valueOf(EndpointReport)}) */
    boolean perEndpoint() {
        return switch (this) {
            case THROUGHPUT, REQUESTS, P50, P90, P99, P999, MAX, MEAN, ERRORS, ERROR_RATE -> true;
            default -> false;
        };
    }

    /**
     * @return this metric's value for one named endpoint, over all repetitions: req/s, a count, µs or %
     * @throws IllegalStateException if the metric has none ({@link #perEndpoint()})
     */
    public double valueOf(EndpointReport e) {
        return switch (this) {
            case THROUGHPUT -> e.requestsPerSecond();
            case REQUESTS -> e.requests();
            case P50 -> e.latency().p50Us();
            case P90 -> e.latency().p90Us();
            case P99 -> e.latency().p99Us();
            case P999 -> e.latency().p999Us();
            case MAX -> e.latency().maxUs();
            case MEAN -> e.latency().meanUs();
            case ERRORS -> e.errors().total();
            case ERROR_RATE -> e.errorRate() * 100;
            default -> throw new IllegalStateException(label() + " has no value per endpoint");
        };
    }

    /** @return the metrics that have a value per endpoint, as gates name them */
    static String knownPerEndpoint() {
        return String.join(", ", Arrays.stream(values()).filter(GateMetric::perEndpoint).map(GateMetric::label).toList());
    }

    /** @return this metric's value in {@code report}: req/s, a count, µs or % */
    public double valueOf(RunReport report) {
        return value.applyAsDouble(report);
    }

    static Optional<GateMetric> named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(m -> Arrays.stream(m.names).anyMatch(x -> x.toLowerCase(Locale.ROOT).equals(n)))
                .findFirst();
    }

    static String known() {
        return String.join(", ", Arrays.stream(values()).map(GateMetric::label).toList());
    }

    /** @return {@code v} (in the metric's own unit) as written in a message: {@code 2.2 ms}, {@code 4,041.8 req/s} */
    String format(double v) {
        return switch (kind) {
            case LATENCY -> v >= 1_000_000 ? String.format(Locale.ROOT, "%.3g s", v / 1e6)
                    : v >= 1000 ? String.format(Locale.ROOT, "%.3g ms", v / 1000) : String.format(Locale.ROOT, "%.0f us", v);
            case RATE -> String.format(Locale.ROOT, "%,.1f req/s", v);
            case COUNT -> String.format(Locale.ROOT, "%,.0f", v);
            case PERCENT -> String.format(Locale.ROOT, "%.3g%%", v);
        };
    }
}
