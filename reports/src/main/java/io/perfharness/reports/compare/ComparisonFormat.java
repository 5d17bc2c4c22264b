package io.perfharness.reports.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.io.TerminalText;

/** How a {@link Comparison} is printed: a table for a terminal, markdown for a PR comment, or JSON. */
public enum ComparisonFormat {
    /** A plain table. */
    TEXT,
    /** A GitHub-flavoured markdown table, for a PR comment or {@code $GITHUB_STEP_SUMMARY}. */
    MARKDOWN,
    /** One JSON object: sides, method, metrics, warnings, and the overall result. */
    JSON;

    /** @return {@code text}, {@code markdown} or {@code json} as a format */
    public static ComparisonFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "markdown", "md" -> MARKDOWN;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("--format must be text, markdown or json, got '" + name + "'");
        };
    }

    /** @return the comparison in this format, ending with a newline */
    public String render(Comparison c) {
        return switch (this) {
            case TEXT -> text(c);
            case MARKDOWN -> markdown(c);
            case JSON -> json(c);
        };
    }

    private static String text(Comparison c) {
        StringBuilder sb = new StringBuilder();
        // names and labels come from the inputs: escaped, so none acts on the terminal or forges a line
        sb.append("base: ").append(TerminalText.escape(side(c.base()))).append('\n');
        sb.append("head: ").append(TerminalText.escape(side(c.head()))).append('\n');
        sb.append("method: ").append(method(c.settings())).append('\n');
        for (String w : c.warnings()) {
            sb.append("WARNING: ").append(TerminalText.escape(w)).append('\n');
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "base", "head", "change", ci(c.settings()), "p", "verdict"});
        for (MetricComparison m : c.metrics()) {
            String[] r = row(m, false);
            for (int i = 0; i < r.length; i++) {
                r[i] = TerminalText.escape(r[i]);
            }
            rows.add(r);
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean left = i == 0 || i == r.length - 1;
                String cell = left ? pad(r[i], width[i]) : " ".repeat(width[i] - r[i].length()) + r[i];
                line.append(cell).append(i < r.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append(TerminalText.escape(summary(c))).append('\n');
        return sb.toString();
    }

    private static String markdown(Comparison c) {
        StringBuilder sb = new StringBuilder();
        sb.append("### perfharness compare: ").append(c.hasRegression() ? "**regression**" : "no regression").append("\n\n");
        sb.append("Base: ").append(md(side(c.base()))).append("  \n");
        sb.append("Head: ").append(md(side(c.head()))).append("  \n");
        sb.append("Method: ").append(md(method(c.settings()))).append("\n\n");
        for (String w : c.warnings()) {
            sb.append("> **Warning:** ").append(md(w)).append('\n');
        }
        if (!c.warnings().isEmpty()) {
            sb.append('\n');
        }
        sb.append("| metric | base | head | change | ").append(ci(c.settings())).append(" | p | verdict |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (MetricComparison m : c.metrics()) {
            String[] r = row(m, true);
            sb.append('|');
            for (String cell : r) {
                sb.append(' ').append(cell).append(" |");
            }
            sb.append('\n');
        }
        sb.append('\n').append(md(summary(c))).append('\n');
        return sb.toString();
    }

    private static String json(Comparison c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("result", c.hasRegression() ? "regression" : "no regression");
        root.put("base", sideJson(c.base()));
        root.put("head", sideJson(c.head()));
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("evidence", c.settings().method() == CompareSettings.Method.BOOTSTRAP ? "bootstrap" : "mann-whitney-u");
        method.put("alpha", c.settings().alpha());
        method.put("confidence", c.settings().confidence());
        method.put("resamples", c.settings().resamples());
        method.put("seed", c.settings().seed());
        root.put("method", method);
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (MetricComparison m : c.metrics()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("metric", m.metric().name());
            o.put("unit", m.metric().unit());
            o.put("direction", m.metric().direction() == Direction.HIGHER_IS_BETTER ? "higher-is-better" : "lower-is-better");
            o.put("baseN", m.baseN());
            o.put("headN", m.headN());
            o.put("baseMedian", finite(m.baseMedian()));
            o.put("headMedian", finite(m.headMedian()));
            o.put("change", finite(m.change()));
            o.put("changeUnit", m.changeUnit());
            o.put("ciLow", finite(m.ciLow()));
            o.put("ciHigh", finite(m.ciHigh()));
            o.put("pValue", finite(m.pValue()));
            o.put("threshold", m.threshold());
            o.put("verdict", m.verdict().label());
            if (!m.required()) {
                o.put("required", false);
            }
            o.put("reason", m.reason());
            metrics.add(o);
        }
        root.put("metrics", metrics);
        root.put("warnings", c.warnings());
        try {
            return ReportFiles.mapper().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> sideJson(Distribution d) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("label", d.label());
        o.put("files", d.sources());
        o.put("samples", d.size());
        return o;
    }

    private static String[] row(MetricComparison m, boolean markdown) {
        String unit = m.changeUnit();
        String change = Double.isNaN(m.change()) ? "n/a" : signed(m.change()) + unit;
        String ci = Double.isNaN(m.ciLow()) ? "n/a" : "[" + signed(m.ciLow()) + ", " + signed(m.ciHigh()) + "]" + unit;
        String verdict = m.verdict().label() + " (" + m.reason() + ")";
        if (markdown) {
            verdict = (m.verdict() == Verdict.REGRESSION ? "**regression**" : m.verdict().label()) + " — " + md(m.reason());
        }
        return new String[] {markdown ? md(m.metric().name()) : m.metric().name(),
                value(m.baseMedian()) + " " + m.metric().unit(), value(m.headMedian()) + " " + m.metric().unit(),
                change, ci, Comparison.p(m.pValue()) + " (n " + m.baseN() + "/" + m.headN() + ")", verdict};
    }

    private static String summary(Comparison c) {
        List<MetricComparison> r = c.regressions();
        if (r.isEmpty()) {
            long inconclusive = c.metrics().stream().filter(m -> m.verdict() == Verdict.INCONCLUSIVE).count();
            return "result: no regression" + (inconclusive > 0 ? " (" + inconclusive + " inconclusive)" : "");
        }
        return "result: REGRESSION in " + String.join(", ", r.stream().map(m -> m.metric().name()).toList());
    }

    private static String side(Distribution d) {
        return d.label() + " (" + d.sources() + (d.sources() == 1 ? " file, " : " files, ") + d.size()
                + (d.size() == 1 ? " sample)" : " samples)");
    }

    private static String method(CompareSettings s) {
        String evidence = s.method() == CompareSettings.Method.BOOTSTRAP
                ? "bootstrap interval of the change at " + pct(1 - s.alpha()) + " excludes 0"
                : "Mann-Whitney U, two-sided, p < " + Comparison.num(s.alpha());
        return "a regression needs " + evidence + " and a change beyond the metric's threshold; "
                + pct(s.confidence()) + " bootstrap CI of the change in medians (" + s.resamples()
                + " resamples, seed " + s.seed() + ")";
    }

    private static String ci(CompareSettings s) {
        return pct(s.confidence()) + " CI";
    }

    private static String pct(double f) {
        return Comparison.num(Math.round(f * 1000) / 10.0) + "%";
    }

    /** @return {@code v} as the comparison tables print it: {@code n/a}, {@code 1,234}, {@code 123.4}, {@code 1.23}, {@code 0.0123} */
    public static String value(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** @return {@code v} with its sign, as the tables print changes: {@code +1.23}, {@code -12.3} */
    public static String signed(double v) {
        return (v > 0 ? "+" : v < 0 ? "-" : "") + String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", Math.abs(v));
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    /** Escapes text for a markdown table cell: no HTML, no table breaks, no terminal control characters. */
    static String md(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '|' -> sb.append("\\|");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\n', '\r' -> sb.append(' ');
                case '*', '_', '`', '[', ']' -> sb.append('\\').append(ch);
                default -> sb.append(ch);
            }
        }
        return TerminalText.escape(sb.toString());
    }
}
