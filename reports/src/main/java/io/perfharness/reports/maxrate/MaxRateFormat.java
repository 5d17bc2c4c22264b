package io.perfharness.reports.maxrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a {@link MaxRateReport} is shown: a text table for the terminal, markdown for a PR comment or a CI summary. */
public final class MaxRateFormat {
    private MaxRateFormat() {
    }

    private static final String[] HEADER = {"#", "intended req/s", "achieved req/s", "p50 ms", "p99 ms", "dropped",
            "errors", "result"};

    /** @return the search as text: what was sought, one row per step, the answer; every line ends in a newline */
    public static String text(MaxRateReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("  max-rate search: ").append(String.join(", ", r.slo())).append("; ").append(r.load().connections())
                .append(" connections; ").append(seconds(r.load().durationSeconds())).append(" steps after ")
                .append(seconds(r.load().warmupSeconds())).append(" warm-up each\n");
        if (r.probeRate() != null) {
            sb.append(String.format(Locale.ROOT, "  probe (closed model): %.1f req/s; first step at %.1f req/s%n",
                    r.probeRate(), r.startRate()));
        }
        List<String[]> rows = rows(r, false);
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(i == row.length - 1 ? row[i] : pad + row[i]).append(i < row.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append("  ").append(answer(r)).append('\n');
        sb.append("  ").append(r.note()).append('\n');
        return sb.toString();
    }

    /** @return the search as GitHub-flavoured markdown, ending with a newline */
    public static String markdown(MaxRateReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("### perfharness max rate: ").append(md(answer(r))).append("\n\n");
        sb.append("Goal: `").append(String.join(", ", r.slo()).replace("`", "'")).append("`; ")
                .append(r.load().connections()).append(" connections; ")
                .append(seconds(r.load().durationSeconds())).append(" steps after ")
                .append(seconds(r.load().warmupSeconds())).append(" warm-up each")
                .append(r.probeRate() == null ? "" : String.format(Locale.ROOT, "; closed-model probe %.1f req/s", r.probeRate()))
                .append("\n\n");
        List<String[]> rows = rows(r, true);
        for (int i = 0; i < rows.size(); i++) {
            sb.append('|');
            for (String cell : rows.get(i)) {
                sb.append(' ').append(cell).append(" |");
            }
            sb.append('\n');
            if (i == 0) {
                sb.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
            }
        }
        sb.append('\n').append(md(r.note())).append('\n');
        return sb.toString();
    }

    /** @return the answer in one line: {@code highest rate meeting p99 < 20ms: 388.6 req/s (...)} */
    public static String answer(MaxRateReport r) {
        String goal = String.join(", ", r.slo());
        return switch (r.outcome()) {
            case FOUND -> String.format(Locale.ROOT, "highest rate meeting %s: %.1f req/s (%.1f req/s failed, %.1f%% above)",
                    goal, r.maxRate(), r.firstFailedRate(), 100 * (r.firstFailedRate() / r.maxRate() - 1));
            case LOWER_BOUND -> String.format(Locale.ROOT, "highest rate meeting %s: at least %.1f req/s (%s)", goal,
                    r.maxRate(), r.firstFailedRate() == null ? "no higher rate was tried"
                            : String.format(Locale.ROOT, "%.1f req/s failed, %.1f%% above: wider than the %.1f%% asked",
                                    r.firstFailedRate(), 100 * (r.firstFailedRate() / r.maxRate() - 1), 100 * r.precision()));
            case NONE_MET -> "INCONCLUSIVE: no rate tried met " + goal;
        };
    }

    /**
     * @return one line for step {@code n} (1-based) as it finishes:
     *         {@code step 3: 458.0 req/s intended, 391.2 achieved, p50 10.4 ms, p99 412 ms, dropped 0, errors 0: FAIL (...)}
     */
    public static String stepLine(int n, RateStep s) {
        return String.format(Locale.ROOT, "  step %d: %.1f req/s intended, %.1f achieved, p50 %s ms, p99 %s ms, dropped %d,"
                        + " errors %d: %s", n, s.intendedRate(), s.achievedRate(), ms(s.latency().p50Us()),
                ms(s.latency().p99Us()), s.dropped(), s.errors(), result(s));
    }

    private static List<String[]> rows(MaxRateReport r, boolean markdown) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (int i = 0; i < r.steps().size(); i++) {
            RateStep s = r.steps().get(i);
            String result = result(s);
            rows.add(new String[] {String.valueOf(i + 1), String.format(Locale.ROOT, "%.1f", s.intendedRate()),
                    String.format(Locale.ROOT, "%.1f", s.achievedRate()), ms(s.latency().p50Us()), ms(s.latency().p99Us()),
                    String.valueOf(s.dropped()), String.valueOf(s.errors()),
                    markdown ? md(result).replace("FAIL", "**fail**") : result});
        }
        return rows;
    }

    private static String result(RateStep s) {
        String again = s.rerun() ? "again: " : "";
        if (s.passed()) {
            return again + "pass";
        }
        return again + "FAIL (" + String.join("; ", s.reasons()) + ")"
                + (s.sustained() && !s.rerun() ? "; the rate was sustained: run again" : "");
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? String.format(Locale.ROOT, "%.0fs", s) : String.format(Locale.ROOT, "%.3gs", s);
    }

    private static String ms(double micros) {
        double ms = micros / 1000.0;
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f" : ms >= 10 ? "%.1f" : "%.2f", ms);
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
