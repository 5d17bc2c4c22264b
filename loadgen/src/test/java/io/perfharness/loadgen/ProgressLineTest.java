package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

        line.onFinish(null);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("errors 2" + System.lineSeparator());
    }
}
