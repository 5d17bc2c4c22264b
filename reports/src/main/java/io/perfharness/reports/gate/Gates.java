package io.perfharness.reports.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.perfharness.reports.EndpointReport;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.compare.CompareInput;
import io.perfharness.reports.compare.CompareSettings;
import io.perfharness.reports.compare.Comparison;
import io.perfharness.reports.compare.Direction;
import io.perfharness.reports.compare.IncomparableReportsException;
import io.perfharness.reports.compare.Metric;
import io.perfharness.reports.compare.MetricComparison;
import io.perfharness.reports.compare.Verdict;

/**
 * Parses and evaluates {@link Gate}s.
 *
 * <pre>{@code
 * List<Gate> gates = Gates.parse(List.of("p99 < 50ms", "errors == 0", "vs baseline: throughput -5%"));
 * GateResults results = Gates.evaluate(gates, report, baselineReports);   // baseline may be empty
 * if (!results.passed()) { System.err.print(results.describe()); exit(1); }
 * }</pre>
 *
 * <p>Syntax: {@code METRIC OP VALUE} with OP one of {@code < <= > >= == !=}; METRIC one of
 * {@code throughput} (also {@code requestsPerSecond}, {@code rps}; req/s), {@code requests}, {@code errors}
 * (counts), {@code errorRate} (%), {@code dropped} (count), {@code p50 p90 p99 p99.9 max mean serviceP50 serviceP99} (latencies: VALUE needs a unit,
 * {@code us}, {@code µs}, {@code ms} or {@code s}). Or {@code vs baseline: METRIC ±N%} with METRIC one of
 * {@code throughput p50 p90 p99 p99.9 errorRate} (for errorRate N is in percentage points, {@code pp}
 * or {@code %}); the sign, when given, must be the metric's worse direction. An absolute gate may name one of
 * the load's endpoints after its metric, {@code p99[checkout] < 50ms}, {@code errorRate[checkout] < 1%},
 * {@code throughput[home] > 100}: the metric is then that endpoint's (throughput, requests, p50 .. max, mean,
 * errors, errorRate).
 */
public final class Gates {
    private Gates() {
    }

    /** Parses each gate; see {@link #parse(String)}. */
    public static List<Gate> parse(List<String> gates) {
        return gates.stream().map(Gates::parse).toList();
    }

    /**
     * @throws GateSyntaxException one line quoting the gate and saying what was expected at which column
     */
    public static Gate parse(String text) {
        return new Parser(text).gate();
    }

    /** Evaluates gates with {@link CompareSettings#defaults()} for the relative ones. */
    public static GateResults evaluate(List<Gate> gates, RunReport report, List<RunReport> baseline) {
        return evaluate(gates, report, baseline, CompareSettings.defaults());
    }

    /**
     * @param report   the run to check; absolute gates use its top-level numbers (all repetitions together), or
     *                 those of the endpoint they name
     * @throws UnknownEndpointException when a gate names an endpoint the report does not have (exit 2)
     * @param baseline reports to compare with for relative gates (their repetitions are the base
     *                 distribution); empty or null: relative gates are skipped
     * @param settings significance and seed of the comparison behind relative gates (thresholds come
     *                 from the gates)
     */
    public static GateResults evaluate(List<Gate> gates, RunReport report, List<RunReport> baseline,
                                       CompareSettings settings) {
        List<GateResult> out = new ArrayList<>();
        for (Gate g : gates) {
            if (g instanceof Gate.Absolute a) {
                double actual = a.endpoint() == null ? a.metric().valueOf(report)
                        : a.metric().valueOf(report.endpoint(a.endpoint()).orElseThrow(() -> new UnknownEndpointException(
                                a.text(), a.endpoint(), report.endpointTotals().stream().map(EndpointReport::name).toList())));
                if (Double.isNaN(actual)) {
                    // e.g. serviceCpu of a load without services: no verdict, and never a pass
                    out.add(new GateResult(g, GateResult.Status.INCONCLUSIVE, a.text() + ": not measured in this report"));
                    continue;
                }
                boolean ok = a.op().test(actual, a.limit());
                out.add(new GateResult(g, ok ? GateResult.Status.PASSED : GateResult.Status.FAILED,
                        a.text() + ": " + a.metric().format(actual)));
            } else if (g instanceof Gate.Relative r) {
                out.add(relative(r, report, baseline, settings));
            }
        }
        return new GateResults(out);
    }

    private static GateResult relative(Gate.Relative r, RunReport report, List<RunReport> baseline, CompareSettings settings) {
        if (baseline == null || baseline.isEmpty()) {
            return new GateResult(r, GateResult.Status.SKIPPED, r.text() + ": not checked, no baseline");
        }
        CompareSettings s = settings.withThreshold(r.metric().name() + "=" + r.threshold());
        Comparison c;
        try {
            c = Comparison.of(new CompareInput.Reports("baseline", baseline), new CompareInput.Reports("run", List.of(report)), s);
        } catch (IncomparableReportsException e) {
            return new GateResult(r, GateResult.Status.SKIPPED, r.text() + ": not checked, " + e.getMessage());
        }
        MetricComparison m = c.metrics().stream().filter(x -> x.metric().equals(r.metric())).findFirst().orElseThrow();
        String change = Double.isNaN(m.change()) ? "n/a" : String.format(Locale.ROOT, "%+.1f%s", m.change(), m.changeUnit());
        String message = String.format(Locale.ROOT, "%s: %s (%d vs %d repetitions), %s: %s", r.text(), change,
                m.baseN(), m.headN(), m.verdict().label(), m.reason());
        GateResult.Status status = switch (m.verdict()) {
            case REGRESSION -> GateResult.Status.FAILED;
            case INCONCLUSIVE -> GateResult.Status.INCONCLUSIVE;
            default -> GateResult.Status.PASSED;
        };
        return new GateResult(r, status, message);
    }

    /** A small hand-written scanner: the grammar has two shapes and one-line errors need columns. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text == null ? "" : text;
        }

        Gate gate() {
            skipSpaces();
            if (text.isBlank()) {
                throw error("an empty gate; expected e.g. 'p99 < 50ms' or 'vs baseline: throughput -5%'");
            }
            int start = pos;
            String word = word();
            if (word.equalsIgnoreCase("vs")) {
                return relative();
            }
            GateMetric metric = GateMetric.named(word).orElseThrow(() -> errorAt(start,
                    "unknown metric '" + word + "' (known: " + GateMetric.known() + ", or 'vs baseline: ...')"));
            String endpoint = null;
            if (pos < text.length() && text.charAt(pos) == '[') {
                int open = pos;
                int close = text.indexOf(']', open);
                if (close < 0) {
                    throw errorAt(open, "'[' without ']': name an endpoint like p99[checkout]");
                }
                endpoint = text.substring(open + 1, close).trim();
                if (!endpoint.matches("[A-Za-z0-9_.-]{1,64}")) {
                    throw errorAt(open + 1, "'" + endpoint + "' is not an endpoint name (1..64 of A-Z a-z 0-9 _ . -)");
                }
                if (!metric.perEndpoint()) {
                    throw errorAt(start, metric.label() + " has no value per endpoint (those that have: "
                            + GateMetric.knownPerEndpoint() + ")");
                }
                pos = close + 1;
            }
            skipSpaces();
            Gate.Operator op = operator();
            skipSpaces();
            int numberAt = pos;
            double value = number();
            skipSpaces();
            int unitAt = pos;
            String unit = text.substring(pos).trim();
            pos = text.length();
            double limit = switch (metric.kind()) {
                case LATENCY -> switch (unit.toLowerCase(Locale.ROOT)) {
                    case "us", "µs" -> value;
                    case "ms" -> value * 1000;
                    case "s" -> value * 1_000_000;
                    case "" -> throw errorAt(unitAt, metric.label() + " is a latency: give a unit after " + text.substring(numberAt, unitAt).trim() + " (us, ms or s)");
                    default -> throw errorAt(unitAt, "unknown latency unit '" + unit + "' (us, ms or s)");
                };
                case RATE -> switch (unit.toLowerCase(Locale.ROOT)) {
                    case "", "/s", "rps", "req/s" -> value;
                    default -> throw errorAt(unitAt, "unknown unit '" + unit + "' for " + metric.label() + " (req/s, or none)");
                };
                case COUNT -> {
                    if (!unit.isEmpty()) {
                        throw errorAt(unitAt, metric.label() + " is a count: no unit expected, found '" + unit + "'");
                    }
                    yield value;
                }
                case PERCENT -> {
                    if (!unit.isEmpty() && !unit.equals("%")) {
                        throw errorAt(unitAt, metric.label() + " is in %: unexpected '" + unit + "'");
                    }
                    yield value;
                }
            };
            return new Gate.Absolute(text.trim(), metric, op, limit, endpoint);
        }

        private Gate relative() {
            skipSpaces();
            int at = pos;
            if (!word().equalsIgnoreCase("baseline")) {
                throw errorAt(at, "expected 'baseline' after 'vs'");
            }
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) != ':') {
                throw error("expected ':' after 'vs baseline'");
            }
            pos++;
            skipSpaces();
            int metricAt = pos;
            String name = word();
            Metric metric = Metric.load(name).orElseThrow(() -> errorAt(metricAt, "unknown metric '" + name
                    + "' for a baseline gate (known: throughput, p50, p90, p99, p99.9, errorRate)"));
            skipSpaces();
            int signAt = pos;
            char sign = pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-') ? text.charAt(pos++) : 0;
            double value = number();
            String unit = text.substring(pos).trim();
            pos = text.length();
            boolean ppOk = metric.absolute();
            if (!(unit.equals("%") || (ppOk && unit.equalsIgnoreCase("pp")))) {
                throw errorAt(signAt, "expected a change like " + (metric.direction() == Direction.HIGHER_IS_BETTER ? "-5%" : "+10%")
                        + (ppOk ? " (percentage points)" : "") + ", found '" + text.substring(signAt).trim() + "'");
            }
            char worse = metric.direction() == Direction.HIGHER_IS_BETTER ? '-' : '+';
            if (sign != 0 && sign != worse) {
                throw errorAt(signAt, metric.name() + " gets worse when it "
                        + (worse == '-' ? "falls: write " : "rises: write ") + worse + plain(value) + unit);
            }
            return new Gate.Relative(text.trim(), metric, value);
        }

        private static String plain(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }

        private String word() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                    || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a metric name");
            }
            return text.substring(start, pos);
        }

        private Gate.Operator operator() {
            for (String s : new String[] {"<=", ">=", "==", "!=", "<", ">"}) {
                if (text.startsWith(s, pos)) {
                    pos += s.length();
                    for (Gate.Operator op : Gate.Operator.values()) {
                        if (op.symbol.equals(s)) {
                            return op;
                        }
                    }
                }
            }
            if (text.startsWith("=", pos)) {
                throw error("'=' is not a comparison: use '=='");
            }
            throw error("expected a comparison (<, <=, >, >=, ==, !=)");
        }

        private double number() {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                    || text.charAt(pos) == '_' || text.charAt(pos) == ',')) {
                pos++;
            }
            String n = text.substring(start, pos).replace("_", "").replace(",", "");
            try {
                if (n.isEmpty()) {
                    throw new NumberFormatException();
                }
                return Double.parseDouble(n);
            } catch (NumberFormatException e) {
                throw errorAt(start, "expected a number");
            }
        }

        private void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private GateSyntaxException error(String what) {
            return errorAt(pos, what);
        }

        private GateSyntaxException errorAt(int at, String what) {
            return new GateSyntaxException("gate '" + text + "': " + what + " (column " + (at + 1) + ")");
        }
    }
}
