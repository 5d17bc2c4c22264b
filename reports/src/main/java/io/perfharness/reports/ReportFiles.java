package io.perfharness.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.perfharness.reports.io.FileNames;
import io.perfharness.reports.io.OutputFile;

/** Reads and writes {@link RunReport}s as JSON files; writes go through {@link OutputFile}, reads check every value. */
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
     * Writes {@code report} to {@code file} as {@link OutputFile} does: atomically (a temporary file in the
     * same folder, then a rename, so a reader never sees half a report) to a regular file or a new path,
     * creating missing folders; straight through to {@code -}, a device or a FIFO; a link's target.
     */
    public static void write(RunReport report, Path file) {
        OutputFile.write(file, "report", out -> MAPPER.writeValue(out, report));
    }

    /** Writes {@code text} (UTF-8) to {@code file} like {@link #write}. */
    public static void writeText(Path file, String text) {
        OutputFile.writeText(file, "file", text);
    }

    /**
     * Reads a report back.
     *
     * @throws ReportFormatException with the file, and line/column or field, when it is missing, not a
     *                               regular file (a FIFO or device is refused rather than waited on),
     *                               malformed, of another schema version, lacks its histogram, or holds
     *                               values that cannot be (see {@link ReportValues})
     */
    public static RunReport read(Path file) {
        requireRegularFile(file);
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
            for (JsonNode endpoint : repetition.path("endpoints")) {
                defaultBodyErrors(endpoint); // written before TLS: errors.tls
            }
        }
        for (JsonNode agent : tree.path("agents")) {
            defaultBodyErrors(agent);
        }
        defaultOptionalMeasurements(tree);
        defaultStageFields(tree);
        if (version.intValue() < 3) {
            upgradeToSchema3(tree);
        }
        if (tree.get("load") instanceof ObjectNode load) {
            // reports written before HTTP/2 (HTTP/1.1 then): unknown
            for (String unknown : List.of("h2", "streams")) {
                if (!load.has(unknown)) {
                    load.putNull(unknown);
                }
            }
        }
        if (!tree.has("agents")) {
            // a load by one generator, or a report written before agents were recorded
            ((ObjectNode) tree).putNull("agents");
        }
        RunReport report;
        try {
            report = MAPPER.treeToValue(tree, RunReport.class);
        } catch (JsonMappingException e) {
            throw new ReportFormatException(file + ": " + ReportFieldProblem.describe(e), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String msg = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new ReportFormatException(file + ": " + msg, e);
        }
        ReportValues.check(file, report);
        return report;
    }

    /**
     * @throws ReportFormatException when {@code file} does not exist or is not a regular file (a FIFO,
     *                               device or socket would block or never end)
     */
    public static void requireRegularFile(Path file) {
        if (Files.isRegularFile(file)) {
            return;
        }
        if (!Files.exists(file)) {
            throw new ReportFormatException(file + ": no such file");
        }
        throw new ReportFormatException(file + (Files.isDirectory(file) ? ": a directory, not a report file"
                : ": not a regular file (a FIFO, device or socket): give a report file"));
    }

    /**
     * The default place of a report: {@code DIR/YYYYMMDD-HHMMSS-COMMIT-STEP.json}, named by the UTC time
     * now and the short commit ({@code nogit} outside a git work tree).
     */
    public static Path defaultPath(Path dir, RunReport report) {
        String commit = report.meta().git() != null ? FileNames.safe(report.meta().git().shortCommit()) : "nogit";
        String step = report.step() == null ? "load" : FileNames.safe(report.step());
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

    /** Measurements a report may lack (not measured, or written before they existed) read as null. */
    private static void defaultOptionalMeasurements(JsonNode tree) {
        List<JsonNode> holders = new java.util.ArrayList<>();
        tree.path("repetitions").forEach(holders::add);
        for (JsonNode h : holders) {
            if (h instanceof ObjectNode o) {
                for (String optional : List.of("fromWriteLatency", "fromWriteHistogram", "cpu", "endpoints", "tls")) {
                    if (!o.has(optional)) {
                        o.putNull(optional);
                    }
                }
            }
        }
        // named endpoints: none in a load of a URL list, and in reports written before they existed
        if (tree.get("load") instanceof ObjectNode load && !load.has("endpoints")) {
            load.putNull("endpoints");
        }
        // written before TLS: whether certificates were checked is unknown
        if (tree.get("load") instanceof ObjectNode load && !load.has("insecure")) {
            load.putNull("insecure");
        }
    }

    /** Reports written before stages existed: no stages, no per-second target or counts (null: unknown). */
    private static void defaultStageFields(JsonNode tree) {
        if (tree.get("load") instanceof ObjectNode load && !load.has("stages")) {
            load.putNull("stages");
        }
        for (JsonNode r : tree.path("repetitions")) {
            if (r instanceof ObjectNode o && !o.has("stages")) {
                o.putNull("stages");
            }
            for (JsonNode t : r.path("timeline")) {
                if (t instanceof ObjectNode o) {
                    for (String optional : List.of("target", "sent", "errors", "dropped", "activeConnections")) {
                        if (!o.has(optional)) {
                            o.putNull(optional);
                        }
                    }
                }
            }
        }
    }

    private static void defaultBodyErrors(JsonNode holder) {
        if (holder.get("errors") instanceof ObjectNode errors) {
            // body: before body checks existed; reset, goaway: before HTTP/2
            for (String kind : List.of("body", "reset", "goaway")) {
                if (!errors.has(kind)) {
                    errors.put(kind, 0);
                }
            }
        }
        // reports written before TLS (errors.tls) had none
        if (holder.get("errors") instanceof ObjectNode errors && !errors.has("tls")) {
            errors.put("tls", 0);
        }
        // written before the cause was kept
        if (holder.get("errors") instanceof ObjectNode errors && !errors.has("connectCause")) {
            errors.putNull("connectCause");
        }
    }

    private static String where(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
    }
}
