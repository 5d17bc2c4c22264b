package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import io.perfharness.reports.ErrorCounts;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private static final Progress SAMPLE = new Progress(Duration.ofSeconds(3), 12345, 4101.4, 2, 1234);

    @Test
    void plainOutputPrintsOneLinePerSample() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

        line.onProgress(SAMPLE);
        line.onProgress(SAMPLE);

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).hasSize(2).allSatisfy(l -> assertThat(l)
                .isEqualTo("   3s      12,345 req    4,101 req/s  p99    1.234 ms  errors 2"));
        assertThat(out).doesNotContain("\r");
    }

    @Test
    void inPlaceOutputRewritesTheLineAndEndsItWhenFinished() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);

        line.onProgress(SAMPLE);
        line.onProgress(SAMPLE);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("\r\033[2K   3s").doesNotContain("\n");

        line.onFinish(result(new ClientCost(2.0, 10_000, 0.3, 0.7, List.of(0.5, 0.45))));
        String nl = System.lineSeparator();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("errors 2" + nl
                + "client CPU 100.0 us/req (user 30.0, sys 70.0), load threads busy 50% 45%; p50 from write 0.400 ms;"
                        + " warm-up 1.5 s" + nl);
    }

    @Test
    void finishWarnsWhenALoadThreadWasAlmostAlwaysBusy() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

        line.onFinish(result(new ClientCost(2.0, 10_000, 1.2, 0.7, List.of(0.95, 0.5))));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).last().isEqualTo(
                "warning: a load thread was busy 95% of the measured window: the load generator may be the bottleneck");
    }

    @Test
    void finishSaysTheCostIsUnknownWhenNoRequestCompleted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);

        line.onFinish(result(new ClientCost(2.0, 0, 0.3, 0.7, List.of(0.01))));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).last().isEqualTo(
                "client CPU n/a (no response in the measured window); warm-up 1.5 s");
    }

    private static LoadResult result(ClientCost cost) {
        Histogram latency = LoopStats.newHistogram();
        latency.recordValue(500);
        Histogram fromWrite = LoopStats.newHistogram();
        fromWrite.recordValue(400);
        return new LoadResult(LoadSpec.builder(URI.create("http://127.0.0.1:1/")).build(), 1, 2.0, ErrorCounts.NONE,
                latency, 0, null, 0, List.of(), 0, fromWrite, 1.5, cost, List.of(), List.of(), null, List.of());
    }
}
