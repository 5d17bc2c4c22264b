package io.perfharness.reports.maxrate;

import java.nio.file.Path;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.io.OutputFile;

/** Writes {@link MaxRateReport}s as JSON, through {@link OutputFile} (atomically to a regular file). */
public final class MaxRateFiles {
    private MaxRateFiles() {
    }

    /** Writes {@code report} to {@code file}, indented JSON, the way {@link ReportFiles#write} writes a report. */
    public static void write(MaxRateReport report, Path file) {
        OutputFile.write(file, "max-rate report", out -> ReportFiles.mapper().writeValue(out, report));
    }

    /** @return {@code x.max-rate.json} beside the report {@code x.json} (or {@code x.other.max-rate.json}) */
    public static Path beside(Path report) {
        String name = report.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return report.resolveSibling(base + ".max-rate.json");
    }
}
