package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestTargetTest {

    private static String encode(LoadSpec spec) {
        return new String(RequestTarget.encode(spec, spec.urls().get(0)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void getHasRequestLineAndHostOnly() {
        LoadSpec spec = LoadSpec.builder(URI.create("http://localhost:8080/a/b?x=1&y=%20")).build();

        assertThat(encode(spec)).isEqualTo("GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: localhost:8080\r\n\r\n");
    }

    @Test
    void emptyPathBecomesSlashAndDefaultPortIsLeftOut() {
        LoadSpec spec = LoadSpec.builder(URI.create("http://example.com")).build();

        assertThat(encode(spec)).isEqualTo("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void bodyIsSentAsUtf8WithItsLength() {
        LoadSpec spec = LoadSpec.builder(URI.create("http://h/p")).method("POST")
                .header("Content-Type", "text/plain").body("é").build();

        assertThat(encode(spec)).isEqualTo(
                "POST /p HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n\u00c3\u00a9");
    }

    @Test
    void postWithoutBodyHasZeroLength() {
        LoadSpec spec = LoadSpec.builder(URI.create("http://h/")).method("POST").build();

        assertThat(encode(spec)).isEqualTo("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
    }

    @Test
    void givenHostHeaderReplacesTheDefault() {
        LoadSpec spec = LoadSpec.builder(URI.create("http://127.0.0.1:9/")).header("host", "example.com").build();

        assertThat(encode(spec)).isEqualTo("GET / HTTP/1.1\r\nhost: example.com\r\n\r\n");
    }
}
