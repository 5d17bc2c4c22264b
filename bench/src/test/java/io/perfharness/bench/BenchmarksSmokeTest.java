package io.perfharness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * CI smoke run: every benchmark, with every parameter value, really runs through the JMH
 * {@link Runner} — in 1 forked JVM, as {@code benchmarks.jar} runs them, so the generated code,
 * the forked class path, every {@code @Setup}/{@code @TearDown} and the checks in them are
 * exercised — with 1 warm-up and 1 measurement iteration of 100 ms, and its JSON result file has a
 * score for each. The scores themselves mean nothing at these settings (mostly interpreted code).
 * 55–90 s on the shared 2-core machine: most of it is starting one JVM per benchmark run.
 */
class BenchmarksSmokeTest {

    @Test
    void everyBenchmarkRunsOnceAndWritesAScoreToJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        Options options = new OptionsBuilder()
                .include("io\\.perfharness\\..*Benchmark\\..*")
                .forks(1)
                .warmupIterations(1)
                .warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .timeout(TimeValue.seconds(60))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();

        Collection<RunResult> results = new Runner(options).run();

        Set<String> expected = expectedRuns();
        assertThat(expected).as("benchmarks found in META-INF/BenchmarkList").hasSizeGreaterThan(30);
        assertThat(results).hasSize(expected.size());

        JsonNode runs = new ObjectMapper().readTree(json.toFile());
        assertThat(runs.isArray()).as("JMH JSON is an array of runs").isTrue();
        Set<String> seen = new TreeSet<>();
        for (JsonNode run : runs) {
            String key = key(run.path("benchmark").asText(), params(run.path("params")));
            JsonNode metric = run.path("primaryMetric");
            assertThat(metric.path("score").isNumber()).as("score of %s", key).isTrue();
            assertThat(metric.path("score").doubleValue()).as("score of %s", key).isPositive().isFinite();
            assertThat(metric.path("scoreUnit").asText()).as("unit of %s", key).isNotEmpty();
            assertThat(seen.add(key)).as("%s appears once", key).isTrue();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** @return benchmark name and parameter values of every run the generated benchmark list implies */
    private static Set<String> expectedRuns() {
        Set<String> keys = new TreeSet<>();
        var out = OutputFormatFactory.createFormatInstance(new PrintStream(PrintStream.nullOutputStream()),
                VerboseMode.SILENT);
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().getAll(out, List.of())) {
            List<Map<String, String>> combinations = new ArrayList<>(List.of(new TreeMap<>()));
            if (entry.getParams().hasValue()) {
                for (Map.Entry<String, String[]> param : entry.getParams().get().entrySet()) {
                    List<Map<String, String>> next = new ArrayList<>();
                    for (Map<String, String> c : combinations) {
                        for (String value : param.getValue()) {
                            Map<String, String> m = new TreeMap<>(c);
                            m.put(param.getKey(), value);
                            next.add(m);
                        }
                    }
                    combinations = next;
                }
            }
            for (Map<String, String> c : combinations) {
                keys.add(key(entry.getUsername(), c));
            }
        }
        return keys;
    }

    private static Map<String, String> params(JsonNode node) {
        Map<String, String> params = new TreeMap<>();
        node.properties().forEach(p -> params.put(p.getKey(), p.getValue().asText()));
        return params;
    }

    private static String key(String benchmark, Map<String, String> params) {
        return params.isEmpty() ? benchmark : benchmark + params;
    }
}
