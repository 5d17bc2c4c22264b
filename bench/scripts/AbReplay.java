import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.compare.AlphaSpending;
import io.perfharness.reports.compare.CompareSettings;
import io.perfharness.reports.compare.Comparison;
import io.perfharness.reports.compare.MetricComparison;
import io.perfharness.reports.compare.SequentialComparison;
import io.perfharness.reports.compare.SequentialDesign;
import io.perfharness.reports.compare.Verdict;

/**
 * Decides an {@code ab} again from the reports it kept, with this perfharness's rules: the same blocks,
 * the same looks (after 4 blocks, then every second one; the last where the original's budget ended) and
 * the same plan, so a change of the rules (thresholds, which metrics are compared) is judged on measured
 * data without measuring again. Its decision is exact while it stops no later than the original did; where
 * the original stopped early (on a regression) and these rules would go on, it says so.
 *
 * <pre>java -cp app/target/perfharness.jar bench/scripts/AbReplay.java AB_DIR [--threshold METRIC=VALUE]...</pre>
 *
 * AB_DIR holds {@code ab.txt} (the original's output) and {@code runs/base/NN.json}, {@code runs/head/NN.json},
 * as {@code bench/scripts/gate-accuracy.sh --ab} keeps them. Prints one line: the exit code ab would give
 * (0, 1, 4 or "more" when more blocks than measured would be needed), the blocks used, the undecided or
 * regressed metrics.
 */
public class AbReplay {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        CompareSettings settings = CompareSettings.defaults();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--threshold")) {
                settings = settings.withThreshold(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String text = Files.readString(dir.resolve("ab.txt"));
        Matcher planned = Pattern.compile("(\\d+) blocks planned(, the last)?").matcher(text);
        if (!planned.find()) {
            throw new IllegalStateException(dir + "/ab.txt: no 'N blocks planned'");
        }
        int plan = Integer.parseInt(planned.group(1));
        boolean endedByBudget = text.contains("result: INCONCLUSIVE") || planned.group(2) != null;
        List<RunReport> base = new ArrayList<>();
        List<RunReport> head = new ArrayList<>();
        for (int n = 1; Files.exists(dir.resolve(String.format("runs/base/%02d.json", n)))
                && Files.exists(dir.resolve(String.format("runs/head/%02d.json", n))); n++) {
            base.add(ReportFiles.read(dir.resolve(String.format("runs/base/%02d.json", n))));
            head.add(ReportFiles.read(dir.resolve(String.format("runs/head/%02d.json", n))));
        }
        int measured = base.size();
        List<Integer> looks = new ArrayList<>();
        Comparison last = null;
        int minRuns = 4;
        for (int n = minRuns; n <= measured; n++) {
            boolean atEnd = n >= plan || (endedByBudget && n == measured);
            if ((n - minRuns) % 2 != 0 && !atEnd) {
                continue;
            }
            looks.add(n);
            SequentialDesign design = new SequentialDesign(0.05, AlphaSpending.OBRIEN_FLEMING, plan, looks, atEnd);
            last = SequentialComparison.of(base.subList(0, n), head.subList(0, n), design, settings, "base", "head");
            if (SequentialComparison.decided(last)) {
                print(dir, last.hasRegression() ? "1" : "0", n, last);
                return;
            }
            if (atEnd) {
                print(dir, "4", n, last);
                return;
            }
        }
        print(dir, "more", measured, last);
    }

    private static void print(Path dir, String code, int blocks, Comparison c) {
        List<String> open = new ArrayList<>();
        for (MetricComparison m : c.metrics()) {
            if (m.verdict() == Verdict.INCONCLUSIVE || m.verdict() == Verdict.REGRESSION) {
                open.add(String.format(Locale.ROOT, "%s %s [%+.1f, %+.1f]", m.metric().name(),
                        m.verdict() == Verdict.REGRESSION ? "regression" : "undecided", m.ciLow(), m.ciHigh()));
            }
        }
        System.out.println(dir + "\texit " + code + "\tblocks " + blocks + "\t" + String.join("; ", open));
    }
}
