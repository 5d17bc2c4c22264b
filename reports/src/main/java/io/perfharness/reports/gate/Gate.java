package io.perfharness.reports.gate;

import io.perfharness.reports.compare.Metric;

/**
 * A pass/fail condition on a report, written like k6 thresholds. Parse with {@link Gates#parse};
 * evaluate with {@link Gates#evaluate}.
 *
 * <ul>
 * <li>absolute: {@code p99 < 50ms}, {@code requestsPerSecond > 1000}, {@code errors == 0},
 *     {@code errorRate <= 0.1%}</li>
 * <li>relative to a baseline: {@code vs baseline: throughput -5%}, {@code vs baseline: p99 +10%} — fails
 *     when {@code compare} finds a regression of that metric beyond that threshold</li>
 * </ul>
 */
public sealed interface Gate {

    /** @return the gate as written */
    String text();

    /**
     * {@code METRIC OP VALUE}: the report's value of the metric (all repetitions together) must satisfy
     * the comparison.
     *
     * @param text   as written
     * @param metric what is checked
     * @param op     how
     * @param limit  the limit, in the metric's unit: req/s, a count, µs or %
     * @param endpoint the named endpoint whose value is checked ({@code p99[checkout] < 50ms}), or {@code null}
     *               for the whole load
     */
    record Absolute(String text, GateMetric metric, Operator op, double limit, String endpoint) implements Gate {
    }

    /**
     * {@code vs baseline: METRIC ±N%}: compared with a baseline's repetitions, the metric must not be a
     * {@code regression} (statistically significant and worse than {@code threshold}).
     *
     * @param text      as written
     * @param metric    the compare metric
     * @param threshold the change that counts, ≥ 0: % of the baseline median, or percentage points for the error rate
     */
    record Relative(String text, Metric metric, double threshold) implements Gate {
    }

    /** A comparison operator. */
    enum Operator {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean test(double actual, double limit) {
            return switch (this) {
                case LT -> actual < limit;
                case LE -> actual <= limit;
                case GT -> actual > limit;
                case GE -> actual >= limit;
                case EQ -> actual == limit;
                case NE -> actual != limit;
            };
        }
    }
}
