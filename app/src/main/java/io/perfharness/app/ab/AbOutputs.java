package io.perfharness.app.ab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.perfharness.reports.compare.ComparisonFormat;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.compare.CompareInput;
import io.perfharness.reports.compare.Comparison;
import io.perfharness.reports.compare.MetricComparison;
import io.perfharness.reports.compare.Verdict;
import io.perfharness.reports.html.HtmlReport;

/** What {@code ab} prints and writes: a text table, markdown (a file, {@code $GITHUB_STEP_SUMMARY}) and HTML. */
public final class AbOutputs {
    private AbOutputs() {
    }

    /** @return the result as text: sides, method, table, result and wall time, ending with a newline */
    public static String text(AbResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("base: ").append(r.base().label()).append('\n');
        sb.append("head: ").append(r.head().label()).append('\n');
        sb.append("runs: ").append(r.blocks()).append(" a side, interleaved ").append(r.order()).append('\n');
        for (String w : r.comparison().warnings()) {
            sb.append(w.startsWith("method: ") ? w : "WARNING: " + w).append('\n');
        }
        List<String[]> rows = rows(r.comparison(), false);
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean left = i == 0 || i == row.length - 1;
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(left ? row[i] + pad : pad + row[i]).append(i < row.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append(result(r)).append('\n');
        sb.append(wall(r)).append('\n');
        return sb.toString();
    }

    /** @return the result as GitHub-flavoured markdown, ending with a newline */
    public static String markdown(AbResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("### perfharness ab: ").append(switch (r.outcome()) {
            case REGRESSION -> "**regression**";
            case INCONCLUSIVE -> "**inconclusive**";
            case NO_REGRESSION -> "no regression";
        }).append("\n\n");
        sb.append("Base: ").append(md(r.base().label())).append("  \n");
        sb.append("Head: ").append(md(r.head().label())).append("  \n");
        sb.append("Runs: ").append(r.blocks()).append(" a side, interleaved ").append(r.order()).append("\n\n");
        for (String w : r.comparison().warnings()) {
            sb.append(w.startsWith("method: ") ? md(w) + "\n\n" : "> **Warning:** " + md(w) + "\n\n");
        }
        List<String[]> rows = rows(r.comparison(), true);
        for (int i = 0; i < rows.size(); i++) {
            sb.append('|');
            for (String cell : rows.get(i)) {
                sb.append(' ').append(cell).append(" |");
            }
            sb.append('\n');
            if (i == 0) {
                sb.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
            }
        }
        sb.append('\n').append(md(result(r))).append("  \n").append(md(wall(r))).append('\n');
        return sb.toString();
    }

    /** Writes the outputs asked for; appends the markdown to {@code summary} when given. */
    public static void write(AbResult r, Path markdownFile, Path htmlFile, Path summary) {
        if (markdownFile != null) {
            ReportFiles.writeText(markdownFile, markdown(r));
        }
        if (htmlFile != null) {
            ReportFiles.writeText(htmlFile, HtmlReport.render(r.comparison(),
                    new CompareInput.Reports(r.base().label(), r.baseRuns()), new CompareInput.Reports(r.head().label(), r.headRuns())));
        }
        if (summary != null) {
            try {
                Files.writeString(summary, markdown(r) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to $GITHUB_STEP_SUMMARY " + summary + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<String[]> rows(Comparison c, boolean markdown) {
        List<String[]> rows = new ArrayList<>();
        String level = String.format(Locale.ROOT, "%.1f%% interval", 100 * c.settings().confidence());
        rows.add(new String[] {"metric", "base", "head", "change", level, "p (this look)", "verdict"});
        for (MetricComparison m : c.metrics()) {
            String unit = m.changeUnit();
            String change = Double.isNaN(m.change()) ? "n/a" : signed(m.change()) + unit;
            String ci = Double.isNaN(m.ciLow()) ? "n/a" : "[" + signed(m.ciLow()) + ", " + signed(m.ciHigh()) + "]" + unit;
            String p = Double.isNaN(m.pValue()) ? "n/a" : m.pValue() < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", m.pValue());
            String verdict = markdown
                    ? (m.verdict() == Verdict.REGRESSION ? "**regression**" : m.verdict().label()) + " — " + md(m.reason())
                    : m.verdict().label() + " (" + m.reason() + ")";
            rows.add(new String[] {m.metric().name(), value(m.baseMedian()) + " " + m.metric().unit(),
                    value(m.headMedian()) + " " + m.metric().unit(), change, ci, p, verdict});
        }
        return rows;
    }

    private static String result(AbResult r) {
        return switch (r.outcome()) {
            case REGRESSION -> "result: REGRESSION in " + String.join(", ",
                    r.comparison().regressions().stream().map(m -> m.metric().name()).toList());
            case NO_REGRESSION -> "result: no regression";
            case INCONCLUSIVE -> "result: INCONCLUSIVE: " + String.join(", ", r.comparison().metrics().stream()
                    .filter(MetricComparison::open).map(m -> m.metric().name()).toList())
                    + " not decided within the budget (" + minutes(r.budget()) + ", " + r.blocks()
                    + " runs a side); more runs, a quieter machine or a larger --budget would decide";
        };
    }

    private static String wall(AbResult r) {
        return "wall time: " + minutes(r.wall()) + " (worktrees and builds " + minutes(r.prepare()) + ", runs "
                + minutes(r.runs()) + "; budget " + minutes(r.budget()) + ")";
    }

    static String minutes(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    private static String value(double v) {
        return ComparisonFormat.value(v);
    }

    private static String signed(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+inf" : "-inf";
        }
        return ComparisonFormat.signed(v);
    }

    private static String md(String s) {
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
        return sb.toString();
    }
}
