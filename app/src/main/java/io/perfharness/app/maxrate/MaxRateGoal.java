package io.perfharness.app.maxrate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.perfharness.reports.gate.Gate;
import io.perfharness.reports.gate.Gates;

/**
 * What a max-rate search looks for and how long it may take: the highest open-model rate whose step meets
 * every gate of {@code slo}, found to within {@code precision}, in at most {@code budget}.
 *
 * @param slo       absolute gates ({@code p99 < 20ms}, {@code errorRate < 1%}), at least one; a step meets the
 *                  goal when all pass
 * @param budget    longest the search may take, probe and warm-ups included (≥ 1 s, at most 24 h)
 * @param precision the search stops once the lowest failing rate is at most this fraction above the highest
 *                  passing one (0.001 .. 0.5; 0.03 = 3%)
 */
public record MaxRateGoal(List<Gate> slo, Duration budget, double precision) {

    /** Default {@link #budget()}: fits a CI job. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(2);
    /** Default {@link #precision()}: 3%. */
    public static final double DEFAULT_PRECISION = 0.03;

    /** A comma between gates: one followed by a metric name, so {@code 1,000} stays a number. */
    private static final Pattern BETWEEN_GATES = Pattern.compile(",\\s*(?=[A-Za-z])");

    public MaxRateGoal {
        slo = List.copyOf(slo);
        Objects.requireNonNull(budget, "budget");
        if (slo.isEmpty()) {
            throw new IllegalArgumentException("slo: at least one gate, e.g. 'p99 < 50ms'");
        }
        if (budget.compareTo(Duration.ofSeconds(1)) < 0 || budget.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("budget must be 1s..24h, got " + budget);
        }
        if (!(precision >= 0.001 && precision <= 0.5)) {
            throw new IllegalArgumentException("precision must be 0.1%..50%, got " + precision * 100 + "%");
        }
    }

    /**
     * @param texts gates as written, each one gate or several separated by {@code ,} ({@code p99 < 20ms, errorRate < 1%})
     * @return the gates, in order
     * @throws IllegalArgumentException for a gate that does not parse or compares with a baseline (a
     *                                  {@link io.perfharness.reports.gate.GateSyntaxException} for the former)
     */
    public static List<Gate> parseSlo(List<String> texts) {
        List<Gate> gates = new ArrayList<>();
        for (String text : texts) {
            for (String part : BETWEEN_GATES.split(text == null ? "" : text)) {
                Gate g = Gates.parse(part);
                if (g instanceof Gate.Relative) {
                    throw new IllegalArgumentException("gate '" + part.trim() + "': a max-rate goal is absolute"
                            + " (e.g. 'p99 < 50ms'), not a comparison with a baseline");
                }
                gates.add(g);
            }
        }
        return gates;
    }

    /**
     * @param text a precision: {@code 3%} or a fraction {@code 0.03}
     * @return the fraction
     * @throws IllegalArgumentException when it is not a number
     */
    public static double parsePrecision(String text) {
        String t = text == null ? "" : text.trim();
        boolean percent = t.endsWith("%");
        try {
            double v = Double.parseDouble(percent ? t.substring(0, t.length() - 1).trim() : t);
            return percent ? v / 100 : v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a precision (expected e.g. 3% or 0.03)");
        }
    }

    /** @return the gates as written, for the report */
    public List<String> sloTexts() {
        return slo.stream().map(Gate::text).toList();
    }
}
