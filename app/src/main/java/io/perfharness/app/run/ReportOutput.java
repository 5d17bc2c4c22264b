package io.perfharness.app.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.perfharness.loadgen.LoadResult;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.history.ReportHistory;
import io.perfharness.reports.html.HtmlReport;

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
     * @param repo       the git work tree whose commit the report records (the code under test)
     * @param reportFile where the report goes, or null for {@code resultsDir}/TIME-COMMIT-STEP.json
     * @param htmlFile   where its HTML page goes, or null for none
     * @param history    a history folder where it is also kept under its commit, or null
     * @param agent      when this load is an agent's ({@code --segment}, {@code --start-at}): when it started, recorded
     *                   in the report, which is also printed framed when asked ({@link FramedReport}); else null
     */
    public static Saved save(List<LoadResult> results, String scenario, String step, Path repo, Path reportFile,
                             Path resultsDir, Path htmlFile, Path history, Agent.Started agent, PrintStream out) {
        RunReport measured = LoadReports.of(results, RunMeta.collect(repo.toAbsolutePath()), scenario, step);
        RunReport report = agent == null ? measured : agent.record(measured);
        Path file = reportFile != null ? reportFile : ReportFiles.defaultPath(resultsDir, report);
        boolean written = Interruption.write(() -> {
            ReportFiles.write(report, file);
            List<String> hlogs = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                Path hlog = hlogBeside(file, results.size() == 1 ? 0 : i + 1);
                writeAtomically(hlog, results.get(i)::writeHistogramLog);
                hlogs.add(hlog.getFileName().toString());
            }
            out.print(Summary.of(report));
            out.println("  report: " + file + " (per-second histograms: " + String.join(", ", hlogs) + ")");
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

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path file, Writer writer) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }
}
