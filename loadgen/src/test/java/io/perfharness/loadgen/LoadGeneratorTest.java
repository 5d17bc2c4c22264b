package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private static LoadSpec.Builder load(URI url) {
        return LoadSpec.builder(url)
                .connections(4)
                .threads(2)
                .warmup(Duration.ofMillis(200))
                .duration(Duration.ofSeconds(1))
                .timeout(Duration.ofSeconds(1));
    }

    @AfterEach
    void noEventLoopThreadIsLeft() throws InterruptedException {
        long until = System.nanoTime() + 2_000_000_000L;
        while (!loadgenThreads().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(loadgenThreads()).isEmpty();
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

    @Test
    void weightedEndpointsShareKeepAliveConnectionsAndKeepTheirOwnResults() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadSpec spec = load(server.uri("/")).duration(Duration.ofMillis(1500))
                    .header("X-Load", "all")
                    .endpoints(List.of(
                            Endpoint.of("home", server.uri("/home"), 6),
                            Endpoint.of("checkout", server.uri("/checkout"), 3)
                                    .with("POST", Map.of("Content-Type", "application/json"), "{\"id\":1}"),
                            Endpoint.of("missing", server.uri("/missing"), 1)))
                    .build();

            LoadResult r = LoadGenerator.run(spec, p -> { });

            assertThat(r.endpoints()).extracting(EndpointResult::name).containsExactly("home", "checkout", "missing");
            long sum = r.endpoints().stream().mapToLong(EndpointResult::requests).sum();
            assertThat(sum).as("the endpoints' requests add up to the whole").isEqualTo(r.requests());
            assertThat(r.requests()).isGreaterThan(1000);
            EndpointResult home = r.endpoints().get(0);
            EndpointResult checkout = r.endpoints().get(1);
            EndpointResult missing = r.endpoints().get(2);
            assertThat((double) home.requests() / r.requests()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.01));
            assertThat((double) checkout.requests() / r.requests()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
            assertThat(home.latencyMicros().getTotalCount()).isEqualTo(home.requests());
            assertThat(home.fromWriteMicros().getTotalCount()).isEqualTo(home.requests());
            assertThat(home.errors().total()).isZero();
            assertThat(checkout.errors().total()).isZero();
            assertThat(missing.errors().status()).containsOnlyKeys(404);
            assertThat(missing.errors().status().get(404)).isEqualTo(missing.requests());
            assertThat(r.errors().status().get(404)).isEqualTo(missing.requests());
            // the server saw each endpoint's method and path (at least as often: warm-up and in-flight included)
            assertThat(server.requests("GET /home")).isGreaterThanOrEqualTo(home.requests());
            assertThat(server.requests("POST /checkout")).isGreaterThanOrEqualTo(checkout.requests());
            assertThat(server.requests("GET /missing")).isGreaterThanOrEqualTo(missing.requests());
            assertThat(server.connections()).as("one keep-alive connection serves every endpoint of its host:port")
                    .isEqualTo(4);
        }
    }

    @Test
    void keepAliveServerGetsManyRequestsOverTheSameConnections() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            List<Progress> samples = new CopyOnWriteArrayList<>();
            LoadSpec spec = load(server.uri("/hello")).duration(Duration.ofMillis(1500)).build();

            LoadResult r = LoadGenerator.run(spec, samples::add);

            assertThat(r.requests()).isGreaterThan(100);
            assertThat(r.errors().total()).isZero();
            assertThat(r.latencyMicros().getTotalCount()).isEqualTo(r.requests());
            assertThat(r.durationSeconds()).isEqualTo(1.5);
            assertThat(r.requestsPerSecond()).isEqualTo(r.requests() / 1.5);
            assertThat(server.connections()).isEqualTo(4);
            assertThat(server.requests()).isGreaterThanOrEqualTo(r.requests());
            assertThat(samples).hasSize(2); // at 1 s and at the end, 1.5 s
            assertThat(samples.get(1).elapsed()).isEqualTo(Duration.ofMillis(1500));
            assertThat(samples.get(1).requests()).isEqualTo(r.requests());
            assertThat(samples.get(1).p99Micros()).isPositive();
        }
    }

    @Test
    void serverClosingAfterEveryResponseStillGetsManyRequestsWithoutErrors() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.CLOSE_EACH)) {
            LoadResult r = LoadGenerator.run(load(server.uri("/")).build(), ProgressListener.NONE);

            assertThat(r.requests()).isGreaterThan(100);
            assertThat(r.errors()).isEqualTo(io.perfharness.reports.ErrorCounts.NONE);
            assertThat(server.connections()).isGreaterThanOrEqualTo(r.requests());
        }
    }

    @Test
    void resultTellsTheClientsOwnCostAndTheLatencyFromTheWrite() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.CLOSE_EACH)) {
            LoadResult r = LoadGenerator.run(load(server.uri("/")).build(), ProgressListener.NONE);

            ClientCost cost = r.cost();
            assertThat(cost.requests()).isEqualTo(r.requests());
            assertThat(cost.windowSeconds()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.05));
            assertThat(cost.cpuSeconds()).isPositive(); // 1 s of reconnecting load is far above 10 ms of CPU
            assertThat(cost.loopBusy()).hasSize(2).allSatisfy(b -> assertThat(b).isBetween(0.0, 1.0));
            assertThat(cost.loopBusy()).anySatisfy(b -> assertThat(b).isPositive());
            // every request here reconnects: from the write is the latency without the connect
            assertThat(r.fromWriteMicros().getTotalCount()).isEqualTo(r.requests());
            assertThat(r.fromWriteMicros().getMean()).isLessThan(r.latencyMicros().getMean());
            assertThat(r.warmupSeconds()).isBetween(0.2, 0.2 + WarmUp.MAX_EXTENSION.toSeconds() + 0.1);
        }
    }

    @Test
    void connectTimeAfterConnectionCloseIsPartOfTheLatency() throws Exception {
        try (RawTcpServer server = RawTcpServer.start(RawTcpServer.Behaviour.CLOSE_THEN_STALL_NEXT_CONNECT)) {
            LoadSpec spec = load(server.uri("/")).connections(1).threads(1).warmup(Duration.ZERO)
                    .duration(Duration.ofMillis(2000)).timeout(Duration.ofSeconds(3)).build();

            LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);

            assertThat(r.errors().total()).isZero();
            assertThat(r.requests()).isGreaterThan(10);
            // the second request's connect could not complete for 500 ms (usually ~1 s: SYN
            // retransmission); it was written and answered at once after that, so only counting
            // the connect makes its latency that long
            assertThat(r.latencyMicros().getMaxValue()).isBetween(480_000L, 2_000_000L);
            assertThat(r.latencyMicros().getValueAtPercentile(50)).isLessThan(100_000L);
        }
    }

    @Test
    void chunkedResponsesAreReadToTheEnd() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.CHUNKED)) {
            LoadResult r = LoadGenerator.run(load(server.uri("/")).build(), ProgressListener.NONE);

            assertThat(r.requests()).isGreaterThan(100);
            assertThat(r.errors().total()).isZero();
            assertThat(server.connections()).isEqualTo(4);
        }
    }

    @Test
    void status500IsCountedByCodeAndStillCompletesTheRequest() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.STATUS_500)) {
            LoadResult r = LoadGenerator.run(load(server.uri("/")).build(), ProgressListener.NONE);

            assertThat(r.requests()).isGreaterThan(100);
            assertThat(r.errors().status()).isEqualTo(Map.of(500, r.requests()));
            assertThat(r.errors().connect() + r.errors().timeout() + r.errors().io()).isZero();
            assertThat(r.latencyMicros().getTotalCount()).isEqualTo(r.requests());
        }
    }

    @Test
    void statusesOtherThanTheExpectedOnesAreCountedByCode() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadSpec spec = load(server.uri("/")).expectStatus(List.of(201, 204)).build();

            LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);

            assertThat(r.requests()).isGreaterThan(100);
            assertThat(r.errors().status()).isEqualTo(Map.of(200, r.requests()));
        }
    }

    @Test
    void sampledBodiesThatAreNotJsonAreCounted() throws Exception {
        try (TestHttpServer text = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE);
             TestHttpServer json = TestHttpServer.start(TestHttpServer.Mode.JSON)) {
            LoadResult notJson = LoadGenerator.run(load(text.uri("/")).expectJson(true).build(), ProgressListener.NONE);
            LoadResult isJson = LoadGenerator.run(load(json.uri("/")).expectJson(true).build(), ProgressListener.NONE);
            LoadResult unchecked = LoadGenerator.run(load(text.uri("/")).build(), ProgressListener.NONE);

            // 2 loops, 10 samples a second each, 1 s measured
            assertThat(notJson.checkedBodies()).isBetween(15L, 25L);
            assertThat(notJson.invalidBodies()).isEqualTo(notJson.checkedBodies());
            // a bad body is an error of its own kind: in the summary, the error rate and `errors == 0`
            assertThat(notJson.errors().body()).isEqualTo(notJson.invalidBodies());
            assertThat(notJson.errors().total()).isEqualTo(notJson.invalidBodies());
            assertThat(isJson.checkedBodies()).isBetween(15L, 25L);
            assertThat(isJson.invalidBodies()).isZero();
            assertThat(isJson.errors().total()).isZero();
            assertThat(unchecked.checkedBodies()).isZero();
        }
    }

    @Test
    void refusedConnectionsAreCountedAsConnectErrors() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LoadSpec spec = load(URI.create("http://127.0.0.1:" + port + "/")).connections(1)
                .warmup(Duration.ZERO).duration(Duration.ofMillis(500)).build();

        LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);

        assertThat(r.requests()).isZero();
        assertThat(r.errors().connect()).isPositive();
        assertThat(r.errors().total()).isEqualTo(r.errors().connect());
        assertThat(r.firstConnectFailure()).as("says why, in one line").containsIgnoringCase("connection refused")
                .doesNotContain("\n");
        assertThat(r.errors().connectCause()).as("and the report keeps it").isEqualTo(r.firstConnectFailure());
    }

    @Test
    void silentServerTimesRequestsOutAndTheRunEndsOnTime() throws Exception {
        try (RawTcpServer server = RawTcpServer.start(RawTcpServer.Behaviour.SILENT)) {
            LoadSpec spec = load(server.uri("/")).connections(2).warmup(Duration.ZERO)
                    .duration(Duration.ofMillis(1000)).timeout(Duration.ofMillis(300)).build();
            long t0 = System.nanoTime();

            LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);

            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isLessThan(Duration.ofMillis(1000 + 300 + 1000));
            assertThat(r.requests()).isZero();
            // each connection times out at 300, 600, 900 ms, reconnecting each time
            assertThat(r.errors().timeout()).isBetween(4L, 6L);
            assertThat(r.errors().total()).isEqualTo(r.errors().timeout());
            assertThat(r.firstConnectFailure()).as("no connect failed").isNull();
            assertThat(server.accepted()).isGreaterThanOrEqualTo(r.errors().timeout());
        }
    }

    @Test
    void resetConnectionsAreCountedAsIoErrors() throws Exception {
        try (RawTcpServer server = RawTcpServer.start(RawTcpServer.Behaviour.RESET)) {
            LoadSpec spec = load(server.uri("/")).connections(2).warmup(Duration.ZERO)
                    .duration(Duration.ofMillis(500)).build();

            LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);

            assertThat(r.requests()).isZero();
            assertThat(r.errors().io()).isPositive();
            assertThat(r.errors().total()).isEqualTo(r.errors().io());
        }
    }

    @Test
    void connectionClosedMidBodyIsAnIoError() throws Exception {
        try (RawTcpServer server = RawTcpServer.start(RawTcpServer.Behaviour.TRUNCATE)) {
            LoadSpec spec = load(server.uri("/")).connections(1).warmup(Duration.ZERO)
                    .duration(Duration.ofMillis(500)).build();

            LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);

            assertThat(r.requests()).isZero();
            assertThat(r.errors().io()).isPositive();
            assertThat(r.errors().total()).isEqualTo(r.errors().io());
        }
    }

    @Test
    void histogramsOfAllEventLoopsAreMerged() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadRun run = new LoadRun(load(server.uri("/")).build(), ProgressListener.NONE, Transport.best());

            LoadResult r = run.run();

            long[] perLoop = run.requestsPerLoop();
            assertThat(perLoop).hasSize(2);
            assertThat(perLoop[0]).isPositive();
            assertThat(perLoop[1]).isPositive();
            assertThat(perLoop[0] + perLoop[1]).isEqualTo(r.latencyMicros().getTotalCount()).isEqualTo(r.requests());
        }
    }

    @Test
    void severalUrlsAreRequestedRoundRobin() throws Exception {
        try (TestHttpServer a = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE);
             TestHttpServer b = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadSpec spec = load(a.uri("/")).urls(List.of(a.uri("/a"), a.uri("/b"), b.uri("/c"))).build();

            LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);

            assertThat(r.errors().total()).isZero();
            assertThat(a.requests()).isGreaterThan(50);
            assertThat(b.requests()).isGreaterThan(25);
            // every third request goes to b: within a few in-flight requests of half of a's count
            assertThat((double) b.requests()).isCloseTo(a.requests() / 2.0,
                    org.assertj.core.data.Offset.offset(a.requests() * 0.05 + 10));
        }
    }

    @Test
    void headRequestsAreAnsweredWithoutABody() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadSpec spec = load(server.uri("/")).method("HEAD").duration(Duration.ofMillis(500)).build();

            LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);

            assertThat(r.requests()).isGreaterThan(50);
            assertThat(r.errors().total()).isZero();
            assertThat(server.connections()).isEqualTo(4);
        }
    }

    @Test
    void interruptingTheCallerEndsTheRunEarly() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadSpec spec = load(server.uri("/")).connections(1).warmup(Duration.ZERO)
                    .duration(Duration.ofSeconds(30)).build();
            java.util.concurrent.atomic.AtomicReference<LoadResult> result = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
            Thread caller = new Thread(() -> {
                result.set(LoadGenerator.run(spec, ProgressListener.NONE));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            Thread.sleep(700);
            caller.interrupt();
            caller.join(3000);

            assertThat(caller.isAlive()).isFalse();
            assertThat(stillInterrupted).isTrue();
            assertThat(result.get().durationSeconds()).isBetween(0.6, 1.5);
            assertThat(result.get().requests()).isPositive();
        }
    }

    @Test
    void nioTransportWorksToo() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadSpec spec = load(server.uri("/")).duration(Duration.ofMillis(500)).build();

            LoadResult r = new LoadRun(spec, ProgressListener.NONE, Transport.nio()).run();

            assertThat(r.requests()).isGreaterThan(50);
            assertThat(r.errors().total()).isZero();
        }
    }

    @Test
    void everyTransportServesKeepAliveAndClosingServersWithTheSameCounts() throws Exception {
        List<Transport> transports = new ArrayList<>(List.of(Transport.nio()));
        if (Epoll.isAvailable()) {
            transports.add(Transport.epoll(true));
            transports.add(Transport.epoll(false));
        }
        for (TestHttpServer.Mode mode : List.of(TestHttpServer.Mode.KEEP_ALIVE, TestHttpServer.Mode.CLOSE_EACH)) {
            for (Transport transport : transports) {
                try (TestHttpServer server = TestHttpServer.start(mode)) {
                    LoadSpec spec = load(server.uri("/")).warmup(Duration.ZERO).duration(Duration.ofMillis(400))
                            .build();

                    LoadResult r = new LoadRun(spec, ProgressListener.NONE, transport).run();

                    assertThat(r.requests()).as("%s, %s", transport.name(), mode).isGreaterThan(20);
                    assertThat(r.errors().total()).as("%s, %s", transport.name(), mode).isZero();
                    assertThat(server.requests()).isGreaterThanOrEqualTo(r.requests());
                    if (mode == TestHttpServer.Mode.KEEP_ALIVE) {
                        assertThat(server.connections()).as("%s", transport.name()).isEqualTo(4);
                    } else {
                        assertThat(server.connections()).as("%s", transport.name()).isGreaterThanOrEqualTo(r.requests());
                    }
                }
            }
        }
    }

    @Test
    void transportPropertyPicksTheChannelTransport() {
        String before = System.getProperty(Transport.PROPERTY);
        try {
            System.setProperty(Transport.PROPERTY, "nio");
            assertThat(Transport.best().name()).isEqualTo("nio");
            if (Epoll.isAvailable()) {
                System.setProperty(Transport.PROPERTY, "epoll-channel");
                assertThat(Transport.best().bareSockets()).isFalse();
            }
        } finally {
            if (before == null) {
                System.clearProperty(Transport.PROPERTY);
            } else {
                System.setProperty(Transport.PROPERTY, before);
            }
        }
    }

    @Test
    void nativeEpollLoadsOnLinuxX86() {
        if (System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64")) {
            assertThat(Epoll.isAvailable()).as("epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();
            assertThat(Transport.best().name()).isEqualTo("epoll");
            assertThat(Transport.best().bareSockets()).isTrue();
        }
    }
}
