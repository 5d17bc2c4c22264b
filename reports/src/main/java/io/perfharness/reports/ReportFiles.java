package io.perfharness.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads and writes {@link RunReport}s as JSON files; writes are atomic. */
public final class ReportFiles {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ReportFiles() {
    }

    /** The mapper used for reports, for callers that embed reports in other JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes {@code report} to {@code file} atomically: a temporary file in the same directory, then a
     * rename, so a reader never sees half a report. Creates missing parent directories.
     */
    public static void write(RunReport report, Path file) {
        writeAtomically(file, out -> MAPPER.writeValue(out, report), "report");
    }

    /**
     * Writes {@code text} (UTF-8) to {@code file} atomically, like {@link #write}: a temporary file in the
     * same directory, then a rename. Creates missing parent directories.
     */
    public static void writeText(Path file, String text) {
        writeAtomically(file, out -> java.nio.file.Files.writeString(out.toPath(), text, java.nio.charset.StandardCharsets.UTF_8), "file");
    }

    private interface Writing {
        void to(java.io.File tmp) throws IOException;
    }

    private static void writeAtomically(Path file, Writing writing, String what) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            writing.to(tmp.toFile());
            try {
                // temporary files are private; a report or page is not
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its default
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temp file is hidden and named after the report
                }
            }
        }
    }

    /**
     * Reads a report back.
     *
     * @throws ReportFormatException with the file, and line/column or field, when it is missing,
     *                               malformed, of another schema version, or lacks its histogram
     */
    public static RunReport read(Path file) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ReportFormatException(file + ": no such file", e);
        } catch (JsonProcessingException e) {
            throw new ReportFormatException(file + ": " + where(e) + "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ReportFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new ReportFormatException(file + ": not a perfharness report (expected a JSON object)");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw new ReportFormatException(file + ": not a perfharness report (no integer field 'schemaVersion')");
        }
        if (!RunReport.READABLE_VERSIONS.contains(version.intValue())) {
            throw new ReportFormatException(file + ": unsupported schemaVersion " + version.intValue()
                    + " (this version reads " + RunReport.READABLE_VERSIONS.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(" and ")) + ")");
        }
        if (version.intValue() == 1) {
            // schema 1 had no repetitions: one run, described by the top-level fields
            ((ObjectNode) tree).putArray("repetitions");
        }
        // reports written before body errors existed (errors.body) had none
        defaultBodyErrors(tree);
        for (JsonNode repetition : tree.path("repetitions")) {
            defaultBodyErrors(repetition);
        }
        if (version.intValue() < 3) {
            upgradeToSchema3(tree);
        }
        if (!tree.has("agents")) {
            // a load by one generator, or a report written before agents were recorded
            ((ObjectNode) tree).putNull("agents");
        }
        RunReport report;
        try {
            report = MAPPER.treeToValue(tree, RunReport.class);
        } catch (MismatchedInputException e) {
            throw new ReportFormatException(file + ": field '" + path(e) + "': " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new ReportFormatException(file + ": " + msg, e);
        }
        check(file, "histogram", report.histogram());
        for (int i = 0; i < report.repetitions().size(); i++) {
            check(file, "repetitions[" + i + "].histogram", report.repetitions().get(i).histogram());
        }
        return report;
    }

    /**
     * The default place of a report: {@code DIR/YYYYMMDD-HHMMSS-COMMIT-STEP.json}, named by the UTC time
     * now and the short commit ({@code nogit} outside a git work tree).
     */
    public static Path defaultPath(Path dir, RunReport report) {
        String commit = report.meta().git() != null ? report.meta().git().shortCommit() : "nogit";
        String step = report.step() == null ? "load" : report.step().replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.resolve(FILE_TIME.format(Instant.now()) + "-" + commit + "-" + step + ".json");
    }

    /**
     * Schema 1 and 2 reports lack what schema 3 added: nothing was dropped, clamped or checked that they
     * could say (0), service times are unknown (null, as in the closed model), and the request's headers,
     * body and checks are unknown (null: {@code compare} then does not compare them).
     */
    private static void upgradeToSchema3(JsonNode tree) {
        List<JsonNode> holders = new java.util.ArrayList<>();
        holders.add(tree);
        tree.path("repetitions").forEach(holders::add);
        for (JsonNode h : holders) {
            if (h instanceof ObjectNode o) {
                for (String count : List.of("dropped", "clampedValues", "checkedBodies")) {
                    if (!o.has(count)) {
                        o.put(count, 0);
                    }
                }
                for (String unknown : List.of("serviceLatency", "serviceHistogram")) {
                    if (!o.has(unknown)) {
                        o.putNull(unknown);
                    }
                }
            }
        }
        if (tree.get("load") instanceof ObjectNode load) {
            for (String unknown : List.of("headers", "body", "expectStatus", "expectJson")) {
                if (!load.has(unknown)) {
                    load.putNull(unknown);
                }
            }
        }
    }

    private static void defaultBodyErrors(JsonNode holder) {
        if (holder.get("errors") instanceof ObjectNode errors && !errors.has("body")) {
            errors.put("body", 0);
        }
    }

    private static void check(Path file, String field, EncodedHistogram histogram) {
        try {
            histogram.decode();
        } catch (IllegalArgumentException e) {
            throw new ReportFormatException(file + ": field '" + field + "': " + e.getMessage(), e);
        }
    }

    private static String where(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
