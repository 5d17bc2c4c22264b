package io.perfharness.reports.compare;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a comparison decides.
 *
 * @param thresholds    thresholds by metric name (or {@code score} for every JMH benchmark), overriding
 *                      {@link Metric#defaultThreshold()}: % of the base median, or for the error rate
 *                      percentage points; ≥ 0
 * @param alpha         significance level of the test, 0 &lt; alpha &lt; 1 (default 0.05)
 * @param method        what counts as statistical evidence
 * @param confidence    confidence level of the bootstrap interval printed beside each change (default 0.95)
 * @param resamples     bootstrap resamples (default 10,000)
 * @param seed          seed of the bootstrap's generator: the same inputs and seed give the same output
 * @param allowMismatch compare reports made with different load parameters, with a warning, instead of
 *                      refusing
 * @param maxNoise      noise guard: a relative metric whose samples on either side vary by more than
 *                      {@code maxNoise} × its threshold (robust coefficient of variation: 1.4826 × MAD / median)
 *                      is {@code inconclusive}, whatever the test says; 0 turns the guard off (default 3)
 */
public record CompareSettings(Map<String, Double> thresholds, double alpha, Method method, double confidence,
                              int resamples, long seed, boolean allowMismatch, double maxNoise) {

    /** What counts as statistical evidence of a change. */
    public enum Method {
        /** The two-sided Mann–Whitney U test on the samples gives p &lt; alpha (default). */
        MANN_WHITNEY,
        /** The bootstrap confidence interval (at 1 − alpha) of the change excludes 0. */
        BOOTSTRAP
    }

    /** Name of the threshold that applies to every JMH benchmark without one of its own. */
    public static final String JMH_SCORE = "score";

    public CompareSettings {
        thresholds = Map.copyOf(thresholds);
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1, got " + alpha);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, got " + confidence);
        }
        if (!(maxNoise >= 0) || Double.isInfinite(maxNoise)) {
            throw new IllegalArgumentException("--max-noise must be a number >= 0, got " + maxNoise);
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("at least 100 bootstrap resamples are needed, got " + resamples);
        }
    }

    /** Mann–Whitney U at alpha 0.05, 95% bootstrap intervals of 10,000 resamples, seed 1, default thresholds, noise guard 3. */
    public static CompareSettings defaults() {
        return new CompareSettings(Map.of(), 0.05, Method.MANN_WHITNEY, 0.95, 10_000, 1, false, 3);
    }

    /** @return a copy with another noise guard factor (0: off) */
    public CompareSettings withMaxNoise(double factor) {
        return new CompareSettings(thresholds, alpha, method, confidence, resamples, seed, allowMismatch, factor);
    }

    /**
     * @param spec {@code NAME=VALUE}: a metric ({@code throughput}, {@code p50}, {@code p90}, {@code p99},
     *             {@code p99.9}, {@code errorRate}; aliases {@code rps}, {@code p999}, {@code errors}), a JMH
     *             benchmark name, or {@code score} for all JMH benchmarks; VALUE like {@code 15%},
     *             {@code -5%} (the sign is ignored: the direction is the metric's), {@code 0.5pp} or {@code 2}
     * @throws IllegalArgumentException with a one-line reason when {@code spec} is malformed
     */
    public CompareSettings withThreshold(String spec) {
        int eq = spec.lastIndexOf('='); // benchmark names may hold '=' (params), values never do
        if (eq <= 0) {
            throw new IllegalArgumentException("--threshold '" + spec + "': expected NAME=VALUE, e.g. p99=15%");
        }
        String name = canonicalName(spec.substring(0, eq).trim());
        String value = spec.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
        String number = value.endsWith("pp") ? value.substring(0, value.length() - 2)
                : value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
        double v;
        try {
            v = Math.abs(Double.parseDouble(number.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--threshold '" + spec + "': '" + value + "' is not a number like 5%");
        }
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("--threshold '" + spec + "': not a finite number");
        }
        Map<String, Double> t = new LinkedHashMap<>(thresholds);
        t.put(name, v);
        return new CompareSettings(t, alpha, method, confidence, resamples, seed, allowMismatch, maxNoise);
    }

    /** @return a copy that compares mismatched reports with a warning instead of refusing */
    public CompareSettings withAllowMismatch(boolean allow) {
        return new CompareSettings(thresholds, alpha, method, confidence, resamples, seed, allow, maxNoise);
    }

    /** @return a copy with another significance level, method and seed */
    public CompareSettings with(double alpha, Method method, long seed) {
        return new CompareSettings(thresholds, alpha, method, confidence, resamples, seed, allowMismatch, maxNoise);
    }

    /** @return the threshold of {@code metric}: its own, else {@code score} for JMH, else its default */
    public double threshold(Metric metric) {
        Double own = thresholds.get(metric.name());
        if (own != null) {
            return own;
        }
        Double whole = thresholds.get(metric.baseName());
        if (whole != null && metric.isLoad()) {
            return whole; // p99[checkout] takes p99's threshold unless given its own
        }
        if (!metric.isLoad() && thresholds.containsKey(JMH_SCORE)) {
            return thresholds.get(JMH_SCORE);
        }
        return metric.defaultThreshold();
    }

    static String canonicalName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "throughput", "rps", "requestspersecond", "req/s" -> "throughput";
            case "p50", "median" -> "p50";
            case "p90" -> "p90";
            case "p99" -> "p99";
            case "p99.9", "p999" -> "p99.9";
            case "errorrate", "errors", "error-rate" -> "errorRate";
            case "servicecpu" -> "serviceCpu";
            case "servicep50" -> "serviceP50";
            case "servicep99" -> "serviceP99";
            case "dropped" -> "dropped";
            default -> name;
        };
    }
}
