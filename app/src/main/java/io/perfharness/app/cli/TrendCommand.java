package io.perfharness.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.ReportFormatException;
import io.perfharness.reports.history.ReportHistory;
import io.perfharness.reports.history.Trend;
import io.perfharness.reports.html.HtmlReport;
import io.perfharness.reports.io.OutputFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfharness trend DIR --html FILE}: throughput and p99 commit by commit from a history folder. */
@Command(name = "trend", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Prints, and draws with --html, throughput and p99 per commit from a history folder",
                "(run --history DIR): medians over every repetition stored for each commit, oldest first.",
                "Example: perfharness trend perf-history --html trend.html"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done", "  2  bad input: no such folder, no reports in it, a report cannot be read"})
final class TrendCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "history folder: DIR/<commit>/*.json")
    Path dir;

    @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML page with the charts")
    Path html;

    @Option(names = "--step", paramLabel = "STEP", description = "only reports of this step (default: the only step, or all)")
    String step;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "git work tree that orders and names the commits (default: the current directory)")
    Path repo;

    @Option(names = {"-v", "--verbose"}, description = "stack traces on errors")
    boolean verbose;

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
        String page = html == null ? null : HtmlReport.render(trend);
        if (page != null) {
            OutputFile.writeText(html, "--html", page);
        }
        spec.commandLine().getOut().print(trend.text());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
