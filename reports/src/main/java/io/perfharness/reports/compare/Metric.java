package io.perfharness.reports.compare;

import java.util.List;
import java.util.Locale;

/**
 * Something compared between base and head, with its unit, the direction in which it gets better and
 * the default threshold of a regression.
 *
 * @param name             as printed and as named in {@code --threshold NAME=VALUE}
 * @param unit             unit of the samples ({@code req/s}, {@code ms}, {@code %}, or a JMH score unit)
 * @param direction        which way is better
 * @param absolute         whether the change is a difference in {@code unit} (error rate: percentage
 *                         points) rather than a relative change in %
 * @param defaultThreshold smallest change that counts, ≥ 0: in % of the base median for relative metrics,
 *                         in {@code unit} for absolute ones
 */
public record Metric(String name, String unit, Direction direction, boolean absolute, double defaultThreshold) {

    /** Completed requests per second of each repetition; a regression is a drop beyond 5%. */
    public static final Metric THROUGHPUT = new Metric("throughput", "req/s", Direction.HIGHER_IS_BETTER, false, 5);
    /** Median latency of each repetition; a regression is a rise beyond 5%. */
    public static final Metric P50 = new Metric("p50", "ms", Direction.LOWER_IS_BETTER, false, 5);
    /** 90th percentile latency; a regression is a rise beyond 10%. */
    public static final Metric P90 = new Metric("p90", "ms", Direction.LOWER_IS_BETTER, false, 10);
    /** 99th percentile latency; a regression is a rise beyond 10%. */
    public static final Metric P99 = new Metric("p99", "ms", Direction.LOWER_IS_BETTER, false, 10);
    /** 99.9th percentile latency, the noisiest; a regression is a rise beyond 25%. */
    public static final Metric P999 = new Metric("p99.9", "ms", Direction.LOWER_IS_BETTER, false, 25);
    /** Failed requests in % of attempts; a regression is a rise beyond 0.1 percentage points. */
    public static final Metric ERROR_RATE = new Metric("errorRate", "%", Direction.LOWER_IS_BETTER, true, 0.1);

    /** Open model: median service time (the latency not corrected for coordinated omission); a rise beyond 5%. */
    public static final Metric SERVICE_P50 = new Metric("serviceP50", "ms", Direction.LOWER_IS_BETTER, false, 5);
    /** Open model: 99th percentile service time; a rise beyond 10%. */
    public static final Metric SERVICE_P99 = new Metric("serviceP99", "ms", Direction.LOWER_IS_BETTER, false, 10);
    /** Open model: requests due but never sent, in % of those due; a rise beyond 0.1 percentage points. */
    public static final Metric DROPPED = new Metric("dropped", "%", Direction.LOWER_IS_BETTER, true, 0.1);

    /**
     * CPU time the services' process trees spent per request (user + kernel); a rise beyond 5%. Noise from a
     * busy neighbour moves it far less than throughput or latency.
     */
    public static final Metric SERVICE_CPU = new Metric("serviceCpu", "µs", Direction.LOWER_IS_BETTER, false, 5);

    /**
     * The metrics of a load report, in the order printed; {@link #SERVICE_CPU} when both sides measured it;
     * the open model's ({@link #SERVICE_P50},
     * {@link #SERVICE_P99}, {@link #DROPPED}) only when both sides ran it.
     */
    public static final List<Metric> LOAD = List.of(THROUGHPUT, P50, P90, P99, P999, ERROR_RATE, SERVICE_CPU,
            SERVICE_P50, SERVICE_P99, DROPPED);

    /**
     * @param name a load metric's name or alias ({@code throughput}, {@code rps}, {@code p50}, {@code p90},
     *             {@code p99}, {@code p99.9}, {@code p999}, {@code errorRate}, {@code errors},
     *             {@code serviceP50}, {@code serviceP99}, {@code dropped}), any case
     * @return the load metric of that name
     */
    public static java.util.Optional<Metric> load(String name) {
        String canonical = CompareSettings.canonicalName(name);
        return LOAD.stream().filter(m -> m.name().equals(canonical)).findFirst();
    }

    /** The load metrics compared per named endpoint too. */
    public static final List<Metric> PER_ENDPOINT = List.of(THROUGHPUT, P50, P99, ERROR_RATE);

    /**
     * @param endpoint a named endpoint of the load
     * @return this load metric of that endpoint alone, named {@code NAME[endpoint]} (e.g. {@code p99[checkout]}),
     *         with this metric's unit, direction and default threshold
     */
    public Metric of(String endpoint) {
        return new Metric(name + "[" + endpoint + "]", unit, direction, absolute, defaultThreshold);
    }

    /** @return the metric of the whole load this one is part of: itself, or {@code p99} for {@code p99[checkout]} */
    public String baseName() {
        int bracket = name.indexOf('[');
        return bracket > 0 && name.endsWith("]") ? name.substring(0, bracket) : name;
    }

    /** @return true for a load metric, of the whole load or of one endpoint (not a JMH score) */
    public boolean isLoad() {
        return LOAD.contains(this) || (!baseName().equals(name) && LOAD.stream().anyMatch(m -> m.name().equals(baseName())
                && m.unit().equals(unit)));
    }

    /** Default threshold of a JMH benchmark's score: 5%. */
    public static final double JMH_DEFAULT_THRESHOLD = 5;

    /**
     * A JMH benchmark's primary score; the direction comes from the unit: {@code ops/s} and other
     * {@code x/time} units are throughput (higher is better), {@code s/op} and other {@code time/op} units
     * are times (lower is better); when the unit says neither, the mode decides ({@code thrpt} higher,
     * {@code avgt}/{@code sample}/{@code ss} lower).
     */
    public static Metric jmh(String name, String unit, String mode) {
        return new Metric(name, unit, jmhDirection(unit, mode), false, JMH_DEFAULT_THRESHOLD);
    }

    static Direction jmhDirection(String unit, String mode) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        int slash = u.indexOf('/');
        if (slash > 0) {
            String num = u.substring(0, slash);
            String den = u.substring(slash + 1);
            if (isTime(den) && !isTime(num)) {
                return Direction.HIGHER_IS_BETTER;
            }
            if (isTime(num) && !isTime(den)) {
                return Direction.LOWER_IS_BETTER;
            }
        }
        return "thrpt".equalsIgnoreCase(mode) ? Direction.HIGHER_IS_BETTER : Direction.LOWER_IS_BETTER;
    }

    private static boolean isTime(String u) {
        return List.of("ns", "us", "µs", "ms", "s", "sec", "min", "m", "h", "hr", "d", "day").contains(u);
    }
}
