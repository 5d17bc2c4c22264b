package io.perfharness.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Report files whose values cannot be are refused on reading, naming the file and the field. */
class ReportValuesTest {

    @TempDir
    Path dir;

    private int files;

    /** A valid report of 3 repetitions, as a JSON tree changed by {@code change}, written to a file. */
    private Path changed(Consumer<ObjectNode> change) throws Exception {
        Path file = dir.resolve("r" + (files++) + ".json");
        ReportFiles.write(Reports.report("abc", 3, 200, 500, 0.01, 7), file);
        ObjectNode tree = (ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        change.accept(tree);
        Files.writeString(file, ReportFiles.mapper().writeValueAsString(tree).replace("\"INF\"", "1e999"));
        return file;
    }

    private static ObjectNode rep(ObjectNode tree, int i) {
        return (ObjectNode) tree.get("repetitions").get(i);
    }

    private static String histogramOf(long... valueAndCount) {
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        for (int i = 0; i < valueAndCount.length; i += 2) {
            h.recordValueWithCount(valueAndCount[i], valueAndCount[i + 1]);
        }
        return EncodedHistogram.of(h).data();
    }

    @Test
    void aValidReportIsRead() throws Exception {
        Path file = changed(t -> { });
        assertThat(ReportFiles.read(file).runs()).hasSize(3);
    }

    @Test
    void eachImpossibleValueIsRefusedNamingFileAndField() throws Exception {
        Map<String, Consumer<ObjectNode>> cases = new LinkedHashMap<>();
        cases.put("requestsPerSecond", t -> t.put("requestsPerSecond", -5.0));
        cases.put("repetitions[1].requestsPerSecond", t -> rep(t, 1).put("requestsPerSecond", "INF"));
        cases.put("repetitions[0].durationSeconds", t -> rep(t, 0).put("durationSeconds", -1.0));
        cases.put("repetitions[2].latency.p99Us", t -> ((ObjectNode) rep(t, 2).get("latency")).put("p99Us", -3));
        cases.put("latency.meanUs", t -> ((ObjectNode) t.get("latency")).put("meanUs", "INF"));
        cases.put("load.durationSeconds", t -> ((ObjectNode) t.get("load")).put("durationSeconds", "INF"));
        cases.put("load.connections", t -> ((ObjectNode) t.get("load")).put("connections", 0));
        cases.put("repetitions[0].errors.timeout", t -> ((ObjectNode) rep(t, 0).get("errors")).put("timeout", -1));
        // 100.6%: more failed responses than responses
        cases.put("repetitions[1].errors", t -> {
            long requests = rep(t, 1).get("requests").asLong();
            ((ObjectNode) rep(t, 1).get("errors")).putObject("status").put("500", requests + requests * 6 / 1000);
        });
        cases.put("repetitions[0].timeline[2].requests",
                t -> ((ObjectNode) rep(t, 0).get("timeline").get(2)).put("requests", -1));
        // requests that are not the latencies recorded
        cases.put("repetitions[1].histogram", t -> ((ObjectNode) rep(t, 1).get("histogram")).put("data",
                histogramOf(500, 7)));
        // counts adding up past Long.MAX_VALUE (their total wraps to a negative number in HdrHistogram)
        cases.put("histogram", t -> ((ObjectNode) t.get("histogram")).put("data",
                histogramOf(500, Long.MAX_VALUE / 2 + 1, 900, Long.MAX_VALUE / 2 + 1)));
        cases.put("requests", t -> t.put("requests", t.get("requests").asLong() + 1));
        for (Map.Entry<String, Consumer<ObjectNode>> c : cases.entrySet()) {
            Path file = changed(c.getValue());
            Throwable thrown = catchThrowable(() -> ReportFiles.read(file));
            assertThat(thrown).as(c.getKey()).isInstanceOf(ReportFormatException.class)
                    .hasMessageStartingWith(file + ": field '" + c.getKey() + "'");
        }
    }

    @Test
    void messagesSayWhatIsWrongWithoutJavaTypeNames() throws Exception {
        Map<String, Consumer<ObjectNode>> cases = new LinkedHashMap<>();
        cases.put("no meta", t -> t.remove("meta"));
        cases.put("meta null", t -> t.putNull("meta"));
        cases.put("latency null", t -> t.putNull("latency"));
        cases.put("repetition errors null", t -> rep(t, 0).putNull("errors"));
        cases.put("repetition histogram null", t -> rep(t, 0).putNull("histogram"));
        cases.put("histogram data garbage", t -> ((ObjectNode) t.get("histogram")).put("data", "AAAA"));
        cases.put("histogram data not base64", t -> ((ObjectNode) t.get("histogram")).put("data", "%%%"));
        cases.put("histogram data null", t -> ((ObjectNode) t.get("histogram")).putNull("data"));
        cases.put("histogram data empty", t -> ((ObjectNode) t.get("histogram")).put("data", ""));
        cases.put("histogram encoding null", t -> ((ObjectNode) t.get("histogram")).putNull("encoding"));
        cases.put("requests text", t -> t.put("requests", "many"));
        cases.put("repetitions not array", t -> t.put("repetitions", 3));
        cases.put("status code text", t -> ((ObjectNode) t.get("errors")).putObject("status").put("abc", 1));
        cases.put("urls null", t -> ((ObjectNode) t.get("load")).putNull("urls"));
        cases.put("timeline element null", t -> rep(t, 0).withArray("timeline").insertNull(0));
        for (Map.Entry<String, Consumer<ObjectNode>> c : cases.entrySet()) {
            Path file = changed(c.getValue());
            Throwable thrown = catchThrowable(() -> ReportFiles.read(file));
            assertThat(thrown).as(c.getKey()).isInstanceOf(ReportFormatException.class)
                    .hasMessageStartingWith(file + ": ");
            assertThat(thrown.getMessage()).as(c.getKey())
                    .doesNotContainPattern("Exception|Error\\b|: null\\b|java\\.|io\\.perfharness|`");
        }
    }

    @Test
    void aFifoIsRefusedInsteadOfWaitedOn() throws Exception {
        Path fifo = dir.resolve("fifo.json");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> ReportFiles.read(fifo)).isInstanceOf(ReportFormatException.class)
                        .hasMessage(fifo + ": not a regular file (a FIFO, device or socket): give a report file"));
    }

    @Test
    void reportsWrittenByThisCodeAlwaysPass() {
        // a merged report and one of a single run with errors: the shapes real runs make
        RunReport a = Reports.report("abc", 2, 300, 400, 0.05, 1);
        RunReport b = Reports.report("abc", 2, 100, 900, 0.05, 2);
        RunReport merged = ConcurrentMerge.of(java.util.List.of(a, b)).report();
        Path file = dir.resolve("merged.json");
        ReportFiles.write(merged, file);
        assertThat(ReportFiles.read(file)).isEqualTo(merged);
        Path sample = dir.resolve("sample.json");
        ReportFiles.write(ReportFilesTest.sample(), sample);
        assertThat(ReportFiles.read(sample).errors().total()).isEqualTo(6);
    }

}
