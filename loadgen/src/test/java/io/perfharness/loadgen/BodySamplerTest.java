package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodySamplerTest {

    private static boolean isJson(String s) {
        return BodySampler.isJson(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void oneJsonValueWithWhitespaceAroundIsJson() {
        assertThat(isJson("{\"a\": [1, 2.5, \"é\", true, null, {}]}")).isTrue();
        assertThat(isJson(" [1]\n")).isTrue();
        assertThat(isJson("42")).isTrue();
    }

    @Test
    void emptyTruncatedOrTrailingGarbageIsNotJson() {
        assertThat(isJson("")).isFalse();
        assertThat(isJson("{\"a\": [1, 2")).isFalse();
        assertThat(isJson("{} {}")).isFalse();
        assertThat(isJson("<html>502 Bad Gateway</html>")).isFalse();
        assertThat(isJson("{\"a\": tru}")).isFalse();
    }

    @Test
    void oneRequestAtATimeIsSampledAtMostTenTimesASecond() {
        BodySampler sampler = new BodySampler();
        Object a = new Object();
        Object b = new Object();

        assertThat(sampler.claim(a, 0)).isNotNull();
        assertThat(sampler.claim(b, 200_000_000L)).as("a still holds it").isNull();
        sampler.release(a);
        assertThat(sampler.claim(b, 50_000_000L)).as("within 100 ms of the last").isNull();
        assertThat(sampler.claim(b, 100_000_000L)).isNotNull();
        assertThat(sampler.check(b, true)).isEqualTo(BodySampler.Outcome.UNCHECKED);
        sampler.free();
    }
}
