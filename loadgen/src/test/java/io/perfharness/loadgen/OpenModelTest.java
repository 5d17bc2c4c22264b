package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;

class OpenModelTest {

    private static LoadSpec.Builder load(URI url) {
        return LoadSpec.builder(url)
                .connections(4)
                .threads(2)
                .warmup(Duration.ofMillis(300))
                .duration(Duration.ofSeconds(2))
                .timeout(Duration.ofSeconds(1));
    }

    @Test
    void sendsRateTimesDurationRequestsWithinOnePercent() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadRun run = new LoadRun(load(server.uri("/")).rate(2000.0).build(), ProgressListener.NONE,
                    Transport.best());

            LoadResult r = run.run();

            assertThat((double) run.sent()).isCloseTo(4000, within(40.0));
            assertThat((double) r.requests()).isCloseTo(4000, within(40.0));
            assertThat(r.dropped()).isZero();
            assertThat(r.errors().total()).isZero();
            assertThat(r.serviceTimeMicros()).isNotNull();
            assertThat(r.serviceTimeMicros().getTotalCount()).isEqualTo(r.requests());
            // latency counts from the intended time, never later than the actual start
            assertThat(r.latencyMicros().getMean()).isGreaterThanOrEqualTo(r.serviceTimeMicros().getMean());
        }
    }

    @Test
    void slowServerShowsQueueingInLatencyButNotInServiceTime() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.SLOW_50MS)) {
            // 1 connection can do ~20 req/s; ask for 100 req/s: requests queue up, then are dropped
            LoadSpec spec = load(server.uri("/")).connections(1).threads(1).rate(100.0)
                    .warmup(Duration.ZERO).build();

            LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);

            assertThat(r.requests()).isBetween(25L, 45L);
            assertThat(r.serviceTimeMicros().getValueAtPercentile(50)).isBetween(50_000L, 150_000L);
            assertThat(r.latencyMicros().getValueAtPercentile(90)).isGreaterThan(500_000L);
            // the queue holds rate × timeout = 100 requests; it fills after ~1.25 s
            assertThat(r.dropped()).isPositive();
            assertThat(r.errors().total()).isZero();
        }
    }

    @Test
    void closedModelHasNoServiceTimeAndDropsNothing() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadResult r = LoadGenerator.run(load(server.uri("/")).duration(Duration.ofMillis(500)).build(),
                    ProgressListener.NONE);

            assertThat(r.serviceTimeMicros()).isNull();
            assertThat(r.dropped()).isZero();
        }
    }

    @Test
    void intervalHistogramsAddUpToTheRequestsAndRoundTripThroughAnHlog() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            LoadResult r = LoadGenerator.run(load(server.uri("/")).rate(500.0).build(), ProgressListener.NONE);

            assertThat(r.intervals()).hasSize(2);
            assertThat(r.intervals().stream().mapToLong(Histogram::getTotalCount).sum()).isEqualTo(r.requests());
            Histogram first = r.intervals().get(0);
            Histogram second = r.intervals().get(1);
            assertThat(first.getEndTimeStamp() - first.getStartTimeStamp()).isBetween(990L, 1010L);
            assertThat(second.getStartTimeStamp()).isEqualTo(first.getEndTimeStamp());

            ByteArrayOutputStream hlog = new ByteArrayOutputStream();
            r.writeHistogramLog(hlog);

            List<Histogram> read = new ArrayList<>();
            try (HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(hlog.toByteArray()))) {
                while (reader.hasNext()) {
                    read.add((Histogram) reader.nextIntervalHistogram());
                }
            }
            assertThat(read).hasSize(2);
            assertThat(read.get(0)).isEqualTo(first);
            assertThat(read.get(1)).isEqualTo(second);
            assertThat(hlog.toString()).contains("#[Histogram log format version 1.3]");
        }
    }
}
