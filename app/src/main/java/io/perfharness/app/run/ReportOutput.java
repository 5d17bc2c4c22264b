package io.perfharness.app.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.perfharness.loadgen.LoadResult;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.history.ReportHistory;
import io.perfharness.reports.html.HtmlReport;
import io.perfharness.reports.io.OutputFile;
import io.perfharness.reports.io.OutputLocationException;

/**
 * Saves and shows what a load step measured: the JSON report, the per-second HdrHistogram log beside
 * it ({@code NAME.hlog}, readable by HistogramLogAnalyzer), and the summary on the terminal.
 */
public final class ReportOutput {
    private ReportOutput() {
    }

    /**
     * A report as saved.
     *
     * @param file   the JSON report
     * @param report what it holds
     */
    public record Saved(Path file, RunReport report) {
    }

    /**
     * Saves the report of one or more repetitions, with one {@code .hlog} per repetition, and shows it.
     *
     * @param serviceCpu per result, the services' CPU per request in µs, or null (no services, not measured)
     * @param repo       the git work tree whose commit the report records (the code under test)
     * @param reportFile where the report goes, or null for {@code resultsDir}/TIME-COMMIT-STEP.json
     * @param htmlFile   where its HTML page goes, or null for none
     * @param history    a history folder where it is also kept under its commit, or null
     * @param agent      when this load is an agent's ({@code --segment}, {@code --start-at}): when it started, recorded
     *                   in the report, which is also printed framed when asked ({@link FramedReport}); else null
     */
    public static Saved save(List<LoadResult> results, List<Double> serviceCpu, String scenario, String step, Path repo,
                             Path reportFile, Path resultsDir, Path htmlFile, Path history, Agent.Started agent,
                             PrintStream out) {
        RunReport measured = LoadReports.of(results, serviceCpu, RunMeta.collect(repo.toAbsolutePath()), scenario, step);
        RunReport report = agent == null ? measured : agent.record(measured);
        Path file = reportFile != null ? reportFile : ReportFiles.defaultPath(resultsDir, report);
        boolean written = Interruption.write(() -> {
            ReportFiles.write(report, file);
            List<String> hlogs = new ArrayList<>();
            // beside /dev/null or a FIFO there is no place for them: /dev/null.hlog would be a new file in /dev
            boolean besideReport = !OutputFile.isSpecial(file);
            for (int i = 0; besideReport && i < results.size(); i++) {
                Path hlog = hlogBeside(file, results.size() == 1 ? 0 : i + 1);
                OutputFile.write(hlog, "histogram log", results.get(i)::writeHistogramLog);
                hlogs.add(hlog.getFileName().toString());
            }
            out.print(Summary.of(report));
            out.println("  report: " + file + (besideReport ? " (per-second histograms: " + String.join(", ", hlogs) + ")"
                    : " (not a regular file: no per-second histogram logs)"));
            if (htmlFile != null) {
                HtmlReport.write(report, htmlFile);
                out.println("  html: " + htmlFile);
            }
            if (history != null) {
                out.println("  history: " + new ReportHistory(history).store(report));
            }
            if (agent != null && agent.agent().printReport()) {
                FramedReport.print(report, out);
            }
        });
        if (!written) {
            throw new io.perfharness.harness.process.HarnessException("interrupted: the load was stopped, no report written");
        }
        return new Saved(file, report);
    }

    /**
     * Checks, before any process or load is started, that every output location can be written, so that
     * no measurement is lost to a bad path found at the end.
     *
     * @param reportFile {@code --report}, or null
     * @param resultsDir {@code --results}, or null when nothing is written there
     * @param htmlFile   {@code --html}, or null
     * @param history    {@code --history}, or null
     * @throws OutputLocationException naming the flag and the location (the CLI exits 2)
     */
    public static void checkLocations(Path reportFile, Path resultsDir, Path htmlFile, Path history) {
        if (reportFile != null) {
            OutputFile.checkWritable(reportFile, "--report");
        }
        if (resultsDir != null) {
            OutputFile.checkWritableFolder(resultsDir, "--results");
        }
        if (htmlFile != null) {
            OutputFile.checkWritable(htmlFile, "--html");
        }
        if (history != null) {
            OutputFile.checkWritableFolder(history, "--history");
        }
    }

    /** @return {@code x.hlog} for {@code x.json} (or {@code x.other.hlog}) */
    static Path hlogBeside(Path report) {
        return hlogBeside(report, 0);
    }

    /** @return {@code x.hlog}, or for repetition {@code n} ≥ 1 {@code x.n.hlog} */
    static Path hlogBeside(Path report, int repetition) {
        String name = report.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return report.resolveSibling(base + (repetition > 0 ? "." + repetition : "") + ".hlog");
    }
}
