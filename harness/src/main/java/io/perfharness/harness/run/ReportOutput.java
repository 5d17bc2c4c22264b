package io.perfharness.harness.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.perfharness.loadgen.LoadResult;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;

/**
 * Saves and shows what a load step measured: the JSON report, the per-second HdrHistogram log beside
 * it ({@code NAME.hlog}, readable by HistogramLogAnalyzer), and the summary on the terminal.
 */
public final class ReportOutput {
    private ReportOutput() {
    }

    /**
     * @param reportFile where the report goes, or null for {@code resultsDir}/TIME-COMMIT-STEP.json
     * @return the report file written
     */
    public static Path save(LoadResult result, String scenario, String step, Path reportFile, Path resultsDir,
                            PrintStream out) {
        RunReport report = LoadReports.of(result, RunMeta.collect(Path.of("").toAbsolutePath()), scenario, step);
        Path file = reportFile != null ? reportFile : ReportFiles.defaultPath(resultsDir, report);
        ReportFiles.write(report, file);
        Path hlog = hlogBeside(file);
        writeAtomically(hlog, result::writeHistogramLog);
        out.print(Summary.of(report));
        out.println("  report: " + file + " (per-second histograms: " + hlog.getFileName() + ")");
        return file;
    }

    /** @return {@code x.hlog} for {@code x.json} (or {@code x.other.hlog}) */
    static Path hlogBeside(Path report) {
        String name = report.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return report.resolveSibling(base + ".hlog");
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
