package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadSpecTest {

    private static final URI URL = URI.create("http://127.0.0.1:8080/");

    @Test
    void builderHasTheDocumentedDefaults() {
        LoadSpec spec = LoadSpec.builder(URL).build();

        assertThat(spec.urls()).containsExactly(URL);
        assertThat(spec.method()).isEqualTo("GET");
        assertThat(spec.headers()).isEmpty();
        assertThat(spec.body()).isNull();
        assertThat(spec.connections()).isEqualTo(10);
        assertThat(spec.threads()).isEqualTo(Math.min(Runtime.getRuntime().availableProcessors(), 10));
        assertThat(spec.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.warmup()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.rate()).isNull();
        assertThat(spec.openModel()).isFalse();
    }

    @Test
    void defaultThreadsNeverExceedConnections() {
        assertThat(LoadSpec.builder(URL).connections(1).build().threads()).isEqualTo(1);
    }

    @Test
    void explicitThreadsAreCappedAtConnections() {
        assertThat(LoadSpec.builder(URL).connections(3).threads(8).build().threads()).isEqualTo(3);
    }

    @Test
    void headersKeepTheirOrderAndCannotBeChanged() {
        LoadSpec spec = LoadSpec.builder(URL).header("B", "2").header("A", "1").build();

        assertThat(spec.headers().keySet()).containsExactly("B", "A");
        assertThatThrownBy(() -> spec.headers().put("C", "3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidFieldsAreRejectedWithTheFieldName() {
        assertInvalid(LoadSpec.builder(URL).urls(List.of()), "urls");
        assertInvalid(LoadSpec.builder(URI.create("wss://example.com/")), "https://");
        assertInvalid(LoadSpec.builder(URI.create("ftp://example.com/")), "urls");
        assertInvalid(LoadSpec.builder(URL).method("G T"), "method");
        assertInvalid(LoadSpec.builder(URL).header("X", "a\r\nInjected: yes"), "headers");
        assertInvalid(LoadSpec.builder(URL).header("Bad Name", "x"), "headers");
        assertInvalid(LoadSpec.builder(URL).connections(0), "connections");
        assertInvalid(LoadSpec.builder(URL).threads(0), "threads");
        assertInvalid(LoadSpec.builder(URL).duration(Duration.ZERO), "duration");
        assertInvalid(LoadSpec.builder(URL).duration(null), "duration");
        assertInvalid(LoadSpec.builder(URL).warmup(Duration.ofSeconds(-1)), "warmup");
        assertInvalid(LoadSpec.builder(URL).timeout(Duration.ZERO), "timeout");
        assertInvalid(LoadSpec.builder(URL).rate(0.0), "rate");
        assertInvalid(LoadSpec.builder(URL).rate(Double.NaN), "rate");
    }

    @Test
    void statusesAreErrorsWhenNotExpectedOrFrom400WhenNoneAre() {
        LoadSpec byDefault = LoadSpec.builder(URL).build();
        LoadSpec expecting = LoadSpec.builder(URL).expectStatus(List.of(200, 302)).build();

        assertThat(byDefault.expectedStatus()).isEmpty();
        assertThat(byDefault.isErrorStatus(399)).isFalse();
        assertThat(byDefault.isErrorStatus(400)).isTrue();
        assertThat(expecting.expectedStatus()).containsExactly(200, 302);
        assertThat(expecting.isErrorStatus(302)).isFalse();
        assertThat(expecting.isErrorStatus(201)).isTrue();
        assertThat(expecting.isErrorStatus(500)).isTrue();
        assertInvalid(LoadSpec.builder(URL).expectStatus(List.of(99)), "expectedStatus");
        assertInvalid(LoadSpec.builder(URL).expectStatus(List.of(1000)), "expectedStatus");
    }

    @Test
    void absurdValuesAreRefusedNamingTheField() {
        assertInvalid(LoadSpec.builder(URL).connections(1_000_000), "connections");
        assertInvalid(LoadSpec.builder(URL).rate(1e9), "rate");
        assertInvalid(LoadSpec.builder(URL).rate(1e-300), "rate");
        assertInvalid(LoadSpec.builder(URL).duration(Duration.ofHours(3_000_000)), "duration");
        assertInvalid(LoadSpec.builder(URL).warmup(Duration.ofHours(2)), "warmup");
        assertInvalid(LoadSpec.builder(URL).timeout(Duration.ofHours(2)), "timeout");
    }

    @Test
    void zeroWarmupIsAllowed() {
        assertThat(LoadSpec.builder(URL).warmup(Duration.ZERO).build().warmup()).isZero();
    }

    @Test
    void canonicalConstructorCopiesItsInputs() {
        var urls = new java.util.ArrayList<>(List.of(URL));
        var headers = new java.util.HashMap<>(Map.of("A", "1"));
        LoadSpec spec = new LoadSpec(urls, "GET", headers, null, 1, 1, Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(1), null, java.util.Set.of(), false, List.of(), List.of(), false, false, 1);
        urls.clear();
        headers.clear();

        assertThat(spec.urls()).containsExactly(URL);
        assertThat(spec.headers()).containsEntry("A", "1");
    }

    @Test
    void httpsUrlsAreAcceptedAndInsecureTravelsThroughToBuilder() {
        LoadSpec spec = LoadSpec.builder(URI.create("https://example.com/")).insecure(true).build();

        assertThat(spec.usesTls()).isTrue();
        assertThat(spec.insecure()).isTrue();
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
        assertThat(LoadSpec.builder(URL).build().usesTls()).isFalse();
        LoadSpec named = LoadSpec.builder(URL).endpoints(List.of(Endpoint.of("plain", URL, 1),
                Endpoint.of("secure", URI.create("https://example.com/cart"), 1))).build();
        assertThat(named.usesTls()).as("an https:// endpoint").isTrue();
    }

    @Test
    void endpointsReplaceTheUrlsAndSurviveToBuilder() {
        URI checkout = URI.create("http://127.0.0.1:9/checkout");
        LoadSpec spec = LoadSpec.builder(URL).endpoints(List.of(Endpoint.of("home", URL, 8),
                Endpoint.of("checkout", checkout, 2).with("POST", Map.of("A", "1"), "x"))).build();

        assertThat(spec.urls()).containsExactly(URL, checkout);
        assertThat(spec.targets()).isEqualTo(spec.endpoints());
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
        assertThat(spec.toBuilder().endpoints(List.of()).urls(List.of(checkout)).build().targets())
                .singleElement().satisfies(e -> assertThat(e.url()).isEqualTo(checkout));
    }

    @Test
    void badEndpointsAreRefusedByName() {
        assertInvalid(LoadSpec.builder(URL).endpoints(List.of(Endpoint.of("a", URL, 1), Endpoint.of("a", URL, 2))),
                "the name 'a' is given twice");
        assertThatThrownBy(() -> Endpoint.of("a b", URL, 1)).hasMessageContaining("name must be");
        assertThatThrownBy(() -> Endpoint.of("a", URL, 0)).hasMessageContaining("endpoints[a]: weight must be 1..");
        assertThatThrownBy(() -> Endpoint.of("a", URI.create("ftp://x/"), 1)).hasMessageContaining("endpoints[a]");
        assertThatThrownBy(() -> Endpoint.of("a", URL, 1).with("GET", Map.of("B", "x\ny"), null))
                .hasMessageContaining("endpoints[a].headers");
    }

    @Test
    void streamsNeedH2AndARange() {
        assertInvalid(LoadSpec.builder(URL).streams(2), "streams");
        assertInvalid(LoadSpec.builder(URL).h2(true).streams(0), "streams");
        assertInvalid(LoadSpec.builder(URL).h2(true).streams(LoadSpec.MAX_STREAMS + 1), "streams");
        assertThat(LoadSpec.builder(URL).h2(true).streams(8).build().streams()).isEqualTo(8);
    }

    @Test
    void h2WithStagesIsRefused() {
        assertInvalid(LoadSpec.builder(URL).h2(true).duration(Duration.ofSeconds(2))
                .stages(List.of(Stage.rate(Duration.ZERO, 10), Stage.rate(Duration.ofSeconds(2), 10))), "stages");
    }

    @Test
    void h2EndpointsNeedOneServer() {
        assertInvalid(LoadSpec.builder(URL).h2(true).endpoints(List.of(Endpoint.of("a", URI.create("http://127.0.0.1:1/a"), 1),
                Endpoint.of("b", URI.create("http://127.0.0.1:2/b"), 1))), "endpoints");
    }

    @Test
    void h2NeedsOneServerForEveryUrl() {
        assertInvalid(LoadSpec.builder(URI.create("http://127.0.0.1:1/a")).h2(true)
                .urls(List.of(URI.create("http://127.0.0.1:1/a"), URI.create("http://127.0.0.1:2/b"))), "urls");
        assertThat(LoadSpec.builder(URI.create("http://127.0.0.1:1/a")).h2(true)
                .urls(List.of(URI.create("http://127.0.0.1:1/a"), URI.create("http://127.0.0.1:1/b"))).build().urls())
                .hasSize(2);
    }

    private static void assertInvalid(LoadSpec.Builder builder, String field) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }
}
