package io.perfharness.reports.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.ReportFormatException;
import io.perfharness.reports.RunReport;

/**
 * One side of {@code compare} as read from disk: a report file, a JMH {@code -rf json} file, or a
 * directory of either kind (every {@code *.json} file in it, not its subdirectories, in name order).
 */
public sealed interface CompareInput {

    /** @return the file or directory it was read from */
    String label();

    /** @return the samples of this side */
    Distribution distribution();

    /** perfharness load reports. */
    record Reports(String label, List<RunReport> reports) implements CompareInput {
        public Reports {
            reports = List.copyOf(reports);
        }

        @Override
        public Distribution distribution() {
            return Distribution.ofReports(label, reports);
        }
    }

    /** JMH results: the benchmarks of one or more files. */
    record Jmh(String label, int files, List<JmhBenchmark> benchmarks) implements CompareInput {
        public Jmh {
            benchmarks = List.copyOf(benchmarks);
        }

        @Override
        public Distribution distribution() {
            return Distribution.ofJmh(label, files, benchmarks);
        }
    }

    /**
     * Reads a file or directory.
     *
     * @throws ReportFormatException with a one-line reason: missing, empty directory, malformed or
     *                               truncated JSON, unknown schema version, JSON that is neither a
     *                               report nor JMH results, a report without its histogram, or a
     *                               directory that mixes reports and JMH results
     */
    static CompareInput read(Path path) {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                        .sorted().toList();
            } catch (IOException e) {
                throw new ReportFormatException(path + ": cannot list directory: " + e.getMessage(), e);
            }
            if (files.isEmpty()) {
                throw new ReportFormatException(path + ": empty directory (no .json reports in it)");
            }
            List<CompareInput> parts = files.stream().map(CompareInput::readFile).toList();
            refuseDuplicates(parts);
            if (parts.stream().allMatch(p -> p instanceof Reports)) {
                List<RunReport> all = new ArrayList<>();
                parts.forEach(p -> all.addAll(((Reports) p).reports()));
                return new Reports(path.toString(), all);
            }
            if (parts.stream().allMatch(p -> p instanceof Jmh)) {
                List<JmhBenchmark> all = new ArrayList<>();
                parts.forEach(p -> all.addAll(((Jmh) p).benchmarks()));
                return new Jmh(path.toString(), files.size(), all);
            }
            throw new ReportFormatException(path + ": mixes perfharness reports and JMH results");
        }
        if (!Files.exists(path)) {
            throw new ReportFormatException(path + ": no such file or directory");
        }
        return readFile(path);
    }

    /**
     * Refuses the same report (or JMH benchmark result) twice, which would count its samples twice as if
     * they were independent: a copy of a file, or the same file given twice.
     *
     * @param inputs the inputs of one command, in the order given
     * @throws ReportFormatException naming both inputs
     */
    public static void refuseDuplicates(List<? extends CompareInput> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            List<?> a = items(inputs.get(i));
            for (int j = 0; j <= i; j++) {
                List<?> b = items(inputs.get(j));
                for (int x = 0; x < a.size(); x++) {
                    // within one input only the pairs before x, across two inputs every pair
                    for (int y = 0; y < (i == j ? x : b.size()); y++) {
                        if (a.get(x).equals(b.get(y))) {
                            String first = inputs.get(j).label();
                            String second = inputs.get(i).label();
                            String where = i == j ? second + " holds a result twice"
                                    : first.equals(second) ? first + " is given twice"
                                    : first + " and " + second + " hold the same result";
                            throw new ReportFormatException(where + " (the same content); give each report once");
                        }
                    }
                }
            }
        }
    }

    /**
     * Refuses the same report in both sides of a comparison, or twice in one side.
     *
     * @throws ReportFormatException naming the inputs
     */
    public static void refuseDuplicates(CompareInput base, CompareInput head) {
        refuseDuplicates(List.of(base, head));
    }

    private static List<?> items(CompareInput input) {
        return input instanceof Reports r ? r.reports() : ((Jmh) input).benchmarks();
    }

    private static CompareInput readFile(Path file) {
        ReportFiles.requireRegularFile(file);
        JsonNode tree;
        try {
            tree = ReportFiles.mapper().readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ReportFormatException(file + ": no such file", e);
        } catch (JsonProcessingException e) {
            // ReportFiles.read names line and column
            return new Reports(file.toString(), List.of(ReportFiles.read(file)));
        } catch (IOException e) {
            throw new ReportFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (tree != null && tree.isArray()) {
            return new Jmh(file.toString(), 1, jmh(file, tree));
        }
        return new Reports(file.toString(), List.of(ReportFiles.read(file)));
    }

    private static List<JmhBenchmark> jmh(Path file, JsonNode array) {
        if (array.isEmpty()) {
            throw new ReportFormatException(file + ": not a perfharness report nor JMH results (an empty JSON array)");
        }
        List<JmhBenchmark> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode b = array.get(i);
            String where = file + ": [" + i + "]";
            if (!b.isObject() || !b.path("benchmark").isTextual() || !b.path("primaryMetric").isObject()) {
                throw new ReportFormatException(file + ": not a perfharness report nor JMH results"
                        + " (element " + i + " has no 'benchmark' and 'primaryMetric')");
            }
            JsonNode pm = b.get("primaryMetric");
            if (!pm.path("score").isNumber() || !pm.path("scoreUnit").isTextual()) {
                throw new ReportFormatException(where + ".primaryMetric: no numeric 'score' and text 'scoreUnit'");
            }
            if (!Double.isFinite(pm.get("score").doubleValue())) {
                throw new ReportFormatException(where + ".primaryMetric.score: '" + pm.get("score") + "' is not a finite number");
            }
            Map<String, String> params = new LinkedHashMap<>();
            b.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            List<List<Double>> raw = new ArrayList<>();
            JsonNode rawData = pm.path("rawData");
            if (!rawData.isMissingNode() && !rawData.isArray()) {
                throw new ReportFormatException(where + ".primaryMetric.rawData: expected an array of forks");
            }
            for (JsonNode fork : rawData) {
                List<Double> values = new ArrayList<>();
                if (!fork.isArray()) {
                    throw new ReportFormatException(where + ".primaryMetric.rawData: expected arrays of numbers");
                }
                for (JsonNode v : fork) {
                    if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                        throw new ReportFormatException(where + ".primaryMetric.rawData: '" + v + "' is not a finite number");
                    }
                    values.add(v.doubleValue());
                }
                raw.add(values);
            }
            out.add(new JmhBenchmark(b.get("benchmark").asText(), params, b.path("mode").asText(""),
                    pm.get("scoreUnit").asText(), pm.get("score").doubleValue(),
                    pm.path("scoreError").isNumber() ? pm.get("scoreError").doubleValue() : Double.NaN, raw));
        }
        return out;
    }
}
