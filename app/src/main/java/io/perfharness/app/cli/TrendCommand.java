package io.perfharness.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.ReportFormatException;
import io.perfharness.reports.history.ChangePoints;
import io.perfharness.reports.history.ReportHistory;
import io.perfharness.reports.history.Trend;
import io.perfharness.reports.history.TrendChangePoints;
import io.perfharness.reports.html.HtmlReport;
import io.perfharness.reports.io.OutputFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code perfharness trend DIR --html FILE}: throughput and p99 commit by commit from a history folder,
 * and the commits where they shifted (change points, on by default).
 */
@Command(name = "trend", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Prints, and draws with --html, throughput and p99 per commit from a history",
                "folder (run --history DIR): medians over every repetition stored for each",
                "commit, oldest first.",
                "",
                "Then the change points: the commits where throughput or p99 shifted to a",
                "new level and stayed there, found by E-divisive means over the per-commit",
                "medians (as Apache Otava/Hunter and MongoDB do). A shift counts when a",
                "permutation test (999 seeded shuffles: the same answer on every run) gives",
                "p <= --pvalue and the mean changed by at least --min-change. A change point",
                "needs 2 commits on each side, so the newest commit is never one (compare",
                "--baseline is for that). Few commits give little power: a perfect 4|4 step",
                "gives p = 0.03, a 3|3 step p = 0.10. Commits measured dirty are drawn but",
                "not searched. Method and measurements: reports/README.md.",
                "",
                "Example: perfharness trend perf-history --html trend.html"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done", "  2  bad input: no such folder, no reports in it, a report cannot be read"})
final class TrendCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "history folder: DIR/<commit>/*.json")
    Path dir;

    @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML page with the charts, change points marked")
    Path html;

    @Option(names = "--step", paramLabel = "STEP", description = "only reports of this step (default: the only step, or all)")
    String step;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "git work tree that orders and names the commits (default: the current directory)")
    Path repo;

    @Option(names = "--no-change-points", description = "do not look for change points")
    boolean noChangePoints;

    @Option(names = "--pvalue", paramLabel = "P", defaultValue = "0.05",
            description = "significance level of each change point's permutation test, in (0, 1) (default: ${DEFAULT-VALUE})")
    double pValue;

    @Option(names = "--min-change", paramLabel = "PCT", defaultValue = "5%",
            description = "the smallest shift of a metric's mean that is a change point, in %% (default: ${DEFAULT-VALUE})")
    String minChange;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (html != null) {
            OutputFile.checkWritable(html, "--html");
            OutputFile.refuseInputs(html, "--html", List.of(dir));
        }
        if (!Files.isDirectory(dir)) {
            throw new ReportFormatException(dir + ": no such history directory");
        }
        ReportHistory history = new ReportHistory(dir);
        String chosen = step;
        if (chosen == null) {
            java.util.Set<String> steps = new java.util.TreeSet<>();
            history.commits(null).values().forEach(files -> files.forEach(f -> steps.add(String.valueOf(ReportFiles.read(f).step()))));
            if (steps.size() > 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        dir + " holds reports of steps " + String.join(", ", steps) + ": choose one with --step");
            }
        }
        Trend trend = Trend.of(history, repo, chosen);
        if (trend.commits().isEmpty()) {
            throw new ReportFormatException(dir + ": no reports" + (step == null ? "" : " of step " + step)
                    + " in DIR/<commit>/*.json");
        }
        TrendChangePoints changes = noChangePoints ? null : TrendChangePoints.of(trend, changePointSettings());
        String page = html == null ? null : HtmlReport.render(trend, changes);
        if (page != null) {
            OutputFile.writeText(html, "--html", page);
        }
        spec.commandLine().getOut().print(trend.text());
        if (changes != null) {
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().print(changes.text());
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** @return the change point settings of --pvalue and --min-change, checked */
    ChangePoints.Settings changePointSettings() {
        if (!(pValue > 0 && pValue < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--pvalue must be in (0, 1), got " + pValue);
        }
        String pct = minChange.strip();
        pct = pct.endsWith("%") ? pct.substring(0, pct.length() - 1).strip() : pct;
        double fraction;
        try {
            fraction = Double.parseDouble(pct) / 100;
        } catch (NumberFormatException e) {
            fraction = Double.NaN;
        }
        if (!(fraction >= 0) || Double.isInfinite(fraction)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--min-change must be a percentage >= 0 such as 5 or 5%, got '" + minChange + "'");
        }
        return ChangePoints.Settings.defaults().withPValue(pValue).withMinChange(fraction);
    }
}
