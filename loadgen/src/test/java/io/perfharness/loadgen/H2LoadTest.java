package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.perfharness.harness.NoLeaks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 loads against nginx (h2c) and a small Netty HTTP/2 server of the test's, on loopback. */
class H2LoadTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() throws InterruptedException {
        NoLeaks.assertNothingLeft(dir.toString());
        long until = System.nanoTime() + 2_000_000_000L;
        while (!loadgenThreads().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(loadgenThreads()).as("event loop threads left").isEmpty();
    }

    private static List<String> loadgenThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("loadgen-") && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static LoadSpec.Builder h2(java.net.URI url, int connections, int streams) {
        return LoadSpec.builder(url).h2(true).connections(connections).streams(streams).threads(1)
                .warmup(Duration.ofMillis(200)).duration(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2));
    }

    @Test
    void h2cAgainstNginxGetsEveryResponseWithoutErrors() throws Exception {
        assumeTrue(TestNginx.installed(), "nginx is not installed (Debian: nginx-light)");
        try (TestNginx nginx = TestNginx.start(dir)) {
            LoadResult r = LoadGenerator.run(h2(nginx.uri("/data.json"), 2, 8).expectJson(true)
                    .expectStatus(Set.of(200)).build(), ProgressListener.NONE);

            assertThat(r.requests()).isGreaterThan(500);
            assertThat(r.errors().total()).as("errors %s", r.errors()).isZero();
            assertThat(r.checkedBodies()).as("sampled bodies checked as JSON").isPositive();
            assertThat(r.latencyMicros().getTotalCount()).isEqualTo(r.requests());
            assertThat(r.fromWriteMicros().getTotalCount()).isEqualTo(r.requests());
        }
    }

    /**
     * nginx sends GOAWAY (NO_ERROR) after 50 requests on a connection while 8 streams are in flight: the
     * streams it accepted finish, those it refused are sent again on a new connection, and nothing is an error.
     */
    @Test
    void gracefulGoAwayLosesNoRequest() throws Exception {
        assumeTrue(TestNginx.installed(), "nginx is not installed (Debian: nginx-light)");
        try (TestNginx nginx = TestNginx.start(dir)) {
            LoadResult r = LoadGenerator.run(h2(nginx.fewRequestsUri("/data.json"), 1, 8).build(), ProgressListener.NONE);

            assertThat(r.requests()).as("many connections of 50 requests each").isGreaterThan(500);
            assertThat(r.errors().total()).as("errors %s", r.errors()).isZero();
        }
    }

    /** Named endpoints with weights over h2c: each request goes to its endpoint, counted per endpoint. */
    @Test
    void namedEndpointsShareTheStreamsByWeight() throws Exception {
        assumeTrue(TestNginx.installed(), "nginx is not installed (Debian: nginx-light)");
        try (TestNginx nginx = TestNginx.start(dir)) {
            LoadResult r = LoadGenerator.run(h2(nginx.uri("/"), 2, 8).endpoints(List.of(
                    Endpoint.of("data", nginx.uri("/data.json"), 3), Endpoint.of("missing", nginx.uri("/missing"), 1)))
                    .build(), ProgressListener.NONE);

            assertThat(r.endpoints()).extracting(EndpointResult::name).containsExactly("data", "missing");
            long data = r.endpoints().get(0).requests();
            long missing = r.endpoints().get(1).requests();
            assertThat(data + missing).isEqualTo(r.requests()).isGreaterThan(400);
            assertThat((double) data / (data + missing)).isBetween(0.72, 0.78);
            assertThat(r.endpoints().get(1).errors().status()).containsOnlyKeys(404);
            assertThat(r.endpoints().get(0).errors().total()).isZero();
        }
    }

    @Test
    void nginxStatusErrorsAreCountedByCode() throws Exception {
        assumeTrue(TestNginx.installed(), "nginx is not installed (Debian: nginx-light)");
        try (TestNginx nginx = TestNginx.start(dir)) {
            LoadResult r = LoadGenerator.run(h2(nginx.uri("/missing"), 1, 4).build(), ProgressListener.NONE);

            assertThat(r.requests()).isPositive();
            assertThat(r.errors().status()).containsOnlyKeys(404);
            assertThat(r.errors().status().get(404)).isEqualTo(r.requests());
        }
    }

    @Test
    void h2OverTlsAgainstNginxNegotiatesH2AndMeasuresTheHandshakes() throws Exception {
        assumeTrue(TestNginx.installed(), "nginx is not installed (Debian: nginx-light)");
        try (TestNginx nginx = TestNginx.start(dir)) {
            LoadResult r = LoadGenerator.run(h2(nginx.tlsUri("/data.json"), 2, 8).insecure(true).expectJson(true)
                    .warmup(Duration.ZERO).build(), ProgressListener.NONE);

            assertThat(r.requests()).isGreaterThan(300);
            assertThat(r.errors().total()).as("errors %s", r.errors()).isZero();
            assertThat(r.checkedBodies()).isPositive();
            assertThat(r.tls()).isNotNull();
            assertThat(r.tls().handshakes()).as("one handshake per connection").isEqualTo(2);
        }
    }

    @Test
    void h2OverTlsToAServerWithoutH2FailsSayingSo() throws Exception {
        assumeTrue(TestNginx.installed(), "nginx is not installed (Debian: nginx-light)");
        try (TestNginx nginx = TestNginx.start(dir)) {
            LoadResult r = LoadGenerator.run(h2(nginx.http1TlsUri("/data.json"), 1, 4).insecure(true)
                    .warmup(Duration.ZERO).build(), ProgressListener.NONE);

            assertThat(r.requests()).isZero();
            assertThat(r.errors().tls()).isPositive();
            assertThat(r.errors().total()).isEqualTo(r.errors().tls());
            assertThat(r.tls().firstFailure()).contains("did not select h2 by ALPN");
        }
    }

    @Test
    void h2OverTlsWithAnUntrustedCertificateIsATlsError() throws Exception {
        assumeTrue(TestNginx.installed(), "nginx is not installed (Debian: nginx-light)");
        try (TestNginx nginx = TestNginx.start(dir)) {
            LoadResult r = LoadGenerator.run(h2(nginx.tlsUri("/data.json"), 1, 4).warmup(Duration.ZERO).build(),
                    ProgressListener.NONE);

            assertThat(r.requests()).isZero();
            assertThat(r.errors().tls()).isPositive();
            assertThat(r.errors().total()).isEqualTo(r.errors().tls());
        }
    }

    /**
     * 2 connections × 8 streams against a server answering after 50 ms: 16 requests in flight, so about
     * 16 / 50 ms = 320 req/s; one stream per connection would give 40.
     */
    @Test
    void closedModelKeepsConnectionsTimesStreamsInFlight() throws Exception {
        try (TestH2Server server = TestH2Server.start()) {
            LoadResult r = LoadGenerator.run(h2(server.uri("/delay"), 2, 8).build(), ProgressListener.NONE);

            assertThat(server.mostOpen()).isEqualTo(16);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(r.errors().total()).isZero();
            assertThat(r.requestsPerSecond()).isBetween(250.0, 330.0);
            assertThat(r.latencyMicros().getValueAtPercentile(50)).isBetween(50_000L, 60_000L);
        }
    }

    /**
     * Against nginx's 50 ms location too: the streams are concurrent at a real server. One stream would
     * serve at most 20 req/s; 10 serve up to 200 (nginx's timers sometimes answer after 100 ms instead, on
     * a busy machine often).
     */
    @Test
    void nginxServesTheStreamsConcurrently() throws Exception {
        assumeTrue(TestNginx.installed(), "nginx is not installed (Debian: nginx-light)");
        try (TestNginx nginx = TestNginx.start(dir)) {
            LoadResult r = LoadGenerator.run(h2(nginx.uri("/delay"), 1, 10).build(), ProgressListener.NONE);

            assertThat(r.errors().total()).isZero();
            assertThat(r.requestsPerSecond()).as("10 streams of 50 ms requests").isBetween(70.0, 205.0);
        }
    }

    /** Open model: 100 req/s over one connection of 8 streams to a 50 ms server: about 5 in flight, none dropped. */
    @Test
    void openModelSchedulesRequestsOntoFreeStreams() throws Exception {
        try (TestH2Server server = TestH2Server.start()) {
            LoadResult r = LoadGenerator.run(h2(server.uri("/delay"), 1, 8).rate(100.0)
                    .duration(Duration.ofSeconds(2)).build(), ProgressListener.NONE);

            assertThat(r.requestsPerSecond()).as("one stream would serve 20 req/s").isBetween(75.0, 110.0);
            assertThat(r.dropped()).isZero();
            assertThat(r.errors().total()).isZero();
            assertThat(server.mostOpen()).isBetween(3, 8);
            assertThat(server.connections()).isEqualTo(1);
            assertThat(r.latencyMicros().getValueAtPercentile(50)).isBetween(50_000L, 60_000L);
            assertThat(r.serviceTimeMicros().getTotalCount()).isEqualTo(r.requests());
        }
    }

    /** Open model above capacity: 1 connection × 2 streams of 50 ms serve 40 req/s; at 100 req/s the rest wait. */
    @Test
    void openModelAboveCapacityCountsTheWaitInLatency() throws Exception {
        try (TestH2Server server = TestH2Server.start()) {
            LoadResult r = LoadGenerator.run(h2(server.uri("/delay"), 1, 2).rate(100.0)
                    .duration(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(5)).build(), ProgressListener.NONE);

            assertThat(server.mostOpen()).isEqualTo(2);
            assertThat(r.requestsPerSecond()).isBetween(30.0, 45.0);
            assertThat(r.latencyMicros().getValueAtPercentile(99)).as("latency from the intended time grows")
                    .isGreaterThan(500_000L);
            assertThat(r.serviceTimeMicros().getValueAtPercentile(99)).as("service time stays near 50 ms")
                    .isLessThan(200_000L);
        }
    }

    @Test
    void streamResetsAreCountedAsResets() throws Exception {
        try (TestH2Server server = TestH2Server.start()) {
            // no warm-up (with no response it would last its longest, 10 s), so the first, cold second counts
            LoadResult r = LoadGenerator.run(h2(server.uri("/reset"), 2, 4).warmup(Duration.ZERO)
                    .duration(Duration.ofSeconds(2)).build(), ProgressListener.NONE);

            assertThat(r.requests()).isZero();
            assertThat(r.errors().reset()).isGreaterThan(200);
            assertThat(r.errors().total()).as("errors %s", r.errors()).isEqualTo(r.errors().reset());
            assertThat(server.connections()).as("a reset stream does not cost the connection").isEqualTo(2);
        }
    }

    @Test
    void goAwayIsCountedAndTheConnectionReplaced() throws Exception {
        try (TestH2Server server = TestH2Server.start()) {
            LoadResult r = LoadGenerator.run(h2(server.uri("/goaway"), 1, 4).warmup(Duration.ZERO).duration(Duration.ofSeconds(2)).build(),
                    ProgressListener.NONE);

            assertThat(r.requests()).isZero();
            assertThat(r.errors().goaway()).isGreaterThan(10);
            assertThat(r.errors().total()).isEqualTo(r.errors().goaway() + r.errors().io() + r.errors().connect());
            assertThat(server.connections()).isGreaterThan(10);
        }
    }

    @Test
    void timedOutStreamsAreCancelledAndCounted() throws Exception {
        try (TestH2Server server = TestH2Server.start()) {
            LoadResult r = LoadGenerator.run(h2(server.uri("/delay"), 1, 4).timeout(Duration.ofMillis(20))
                    .warmup(Duration.ZERO).duration(Duration.ofSeconds(2)).build(), ProgressListener.NONE);

            assertThat(r.errors().timeout()).as("%s, %d requests, server: %d connections %d requests", r.errors(), r.requests(), server.connections(), server.requests()).isGreaterThan(100);
            // the sweep may run late on a cold JVM, and a response that came first completes
            assertThat(r.requests()).isLessThan(r.errors().timeout() / 20);
            assertThat(server.connections()).as("a timed-out stream is cancelled, its connection kept").isEqualTo(1);
        }
    }

    @Test
    void refusedConnectionsAreConnectErrors() throws Exception {
        int port = TestNginx.freePort();
        LoadResult r = LoadGenerator.run(h2(java.net.URI.create("http://127.0.0.1:" + port + "/"), 1, 4)
                .warmup(Duration.ZERO).build(), ProgressListener.NONE);

        assertThat(r.requests()).isZero();
        assertThat(r.errors().connect()).isPositive();
        assertThat(r.errors().total()).isEqualTo(r.errors().connect());
    }
}
