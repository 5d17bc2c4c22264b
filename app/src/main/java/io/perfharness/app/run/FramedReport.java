package io.perfharness.app.run;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

/**
 * A report handed back through an agent's standard output, where the coordinator can read it whatever
 * runs the agent (a local process's log, a Kubernetes pod's log): the report's JSON, gzip-compressed,
 * base64-encoded in lines of 76 characters, between a {@link #BEGIN} and an {@link #END} line.
 *
 * <pre>
 * -----BEGIN PERFHARNESS REPORT-----
 * H4sIAAAAAAAA/+y9a3PbRpYw/Ff...
 * -----END PERFHARNESS REPORT-----
 * </pre>
 */
public final class FramedReport {
    /** The line before the report. */
    public static final String BEGIN = "-----BEGIN PERFHARNESS REPORT-----";
    /** The line after it. */
    public static final String END = "-----END PERFHARNESS REPORT-----";

    private FramedReport() {
    }

    /** Prints {@code report} framed on {@code out}. */
    public static void print(RunReport report, PrintStream out) {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            ReportFiles.mapper().writer().withoutFeatures(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValue(z, report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the report: " + e.getMessage(), e);
        }
        StringBuilder sb = new StringBuilder(BEGIN).append('\n');
        String b64 = Base64.getEncoder().encodeToString(gz.toByteArray());
        for (int i = 0; i < b64.length(); i += 76) {
            sb.append(b64, i, Math.min(b64.length(), i + 76)).append('\n');
        }
        sb.append(END).append('\n');
        out.print(sb);
        out.flush();
    }

    /**
     * Finds the last framed report in {@code lines} (an agent's output), writes its JSON to {@code file}, and
     * reads it as any report file.
     *
     * @return the report, or {@code null} when the output holds no whole one
     * @throws io.perfharness.reports.ReportFormatException when it holds one that is not a valid report
     */
    public static RunReport extract(List<String> lines, Path file) {
        int end = -1;
        int begin = -1;
        for (int i = lines.size() - 1; i >= 0 && begin < 0; i--) {
            String l = lines.get(i).trim();
            if (end < 0 && l.equals(END)) {
                end = i;
            } else if (end >= 0 && l.equals(BEGIN)) {
                begin = i;
            }
        }
        if (begin < 0) {
            return null;
        }
        StringBuilder b64 = new StringBuilder();
        for (int i = begin + 1; i < end; i++) {
            b64.append(lines.get(i).trim());
        }
        byte[] json;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(b64.toString())))) {
            json = in.readAllBytes();
        } catch (IOException | IllegalArgumentException e) {
            throw new io.perfharness.reports.ReportFormatException(file + ": the framed report in the agent's output"
                    + " cannot be decoded: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ReportFiles.writeText(file, new String(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return ReportFiles.read(file);
    }
}
