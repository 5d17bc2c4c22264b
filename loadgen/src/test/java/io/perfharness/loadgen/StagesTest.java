package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Stages against a real server on loopback: the open model follows the integral of the rate, the closed model its connections. */
class StagesTest {

    private static final URI URL = URI.create("http://127.0.0.1:8080/");

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** @return what the intervals of each stage add up to, by stage index */
    private static Map<Integer, long[]> perStage(LoadResult r) {
        Map<Integer, long[]> out = new TreeMap<>();
        for (int i = 0; i < r.intervalCounts().size(); i++) {
            IntervalCounts c = r.intervalCounts().get(i);
            long[] sums = out.computeIfAbsent(c.stage(), k -> new long[3]);
            sums[0] += c.sent();
            sums[1] += r.intervals().get(i).getTotalCount();
            sums[2] += c.dropped();
        }
        return out;
    }

    @Test
    void openModelRampSendsTheIntegralOfTheRatePerStage() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.KEEP_ALIVE)) {
            // 0 -> 600 req/s over 1.5 s (450 requests), hold 600 for 1 s (600), 600 -> 200 over 1 s (400)
            LoadSpec spec = LoadSpec.builder(server.uri("/")).connections(8).threads(2).warmup(ms(300))
                    .timeout(Duration.ofSeconds(1))
                    .stages(List.of(Stage.rate(ms(1500), 600), Stage.rate(ms(1000), 600), Stage.rate(ms(1000), 200)))
                    .build();
            assertThat(spec.duration()).isEqualTo(ms(3500));
            assertThat(spec.openModel()).isTrue();
            LoadRun run = new LoadRun(spec, ProgressListener.NONE, Transport.best());

            LoadResult r = run.run();

            Map<Integer, long[]> stages = perStage(r);
            assertThat(stages.keySet()).containsExactly(0, 1, 2);
            // each loop sends within one request of its share of the integral: the whole window holds it to a few
            // requests; per stage, the counters are read when the control thread wakes at the stage's end, a little
            // late on a busy machine
            assertThat((double) run.sent()).isCloseTo(1450, within(5.0));
            assertThat((double) stages.get(0)[0]).as("sent in stage 1").isCloseTo(450, within(30.0));
            assertThat((double) stages.get(1)[0]).as("sent in stage 2").isCloseTo(600, within(30.0));
            assertThat((double) stages.get(2)[0]).as("sent in stage 3").isCloseTo(400, within(30.0));
            assertThat(r.dropped()).isZero();
            assertThat(r.errors().total()).isZero();
            // intervals end each second and at the stage ends: [0, 1) [1, 1.5) | [1.5, 2.5) | [2.5, 3.5)
            assertThat(r.intervalCounts()).extracting(IntervalCounts::stage).containsExactly(0, 0, 1, 2);
            // the target is the mean rate over each interval: 0 -> 400 over the first second is 200
            assertThat(r.intervalCounts()).extracting(IntervalCounts::target).containsExactly(200.0, 500.0, 600.0, 400.0);
            assertThat(r.intervalCounts()).allSatisfy(c -> assertThat(c.activeConnections()).isEqualTo(-1));
        }
    }

    @Test
    void closedModelStagesChangeTheConnectionsTheServerSees() throws Exception {
        try (TestHttpServer server = TestHttpServer.start(TestHttpServer.Mode.SLOW_50MS)) {
            // 2 connections for 1.5 s, then 6 for 1.5 s, then 1: each does at most 20 req/s against 50 ms answers
            LoadSpec spec = LoadSpec.builder(server.uri("/")).threads(2).warmup(ms(200)).timeout(Duration.ofSeconds(2))
                    .stages(List.of(Stage.connections(Duration.ZERO, 2), Stage.connections(ms(1500), 2),
                            Stage.connections(Duration.ZERO, 6), Stage.connections(ms(1500), 6),
                            Stage.connections(Duration.ZERO, 1), Stage.connections(ms(1000), 1)))
                    .build();
            assertThat(spec.connections()).as("the most any stage has").isEqualTo(6);
            assertThat(spec.openModel()).isFalse();
            List<Long> serverOpen = new ArrayList<>();
            ProgressListener watch = new ProgressListener() {
                @Override
                public void onProgress(Progress p) {
                    serverOpen.add(server.openConnections());
                }
            };

            LoadResult r = LoadGenerator.run(spec, watch);

            Map<Integer, long[]> stages = perStage(r);
            assertThat(stages.keySet()).containsExactly(1, 3, 5);
            double first = stages.get(1)[1] / 1.5;
            double second = stages.get(3)[1] / 1.5;
            double third = stages.get(5)[1] / 1.0;
            assertThat(first).as("req/s with 2 connections").isBetween(20.0, 42.0);
            assertThat(second / first).as("6 connections against 2").isBetween(2.2, 3.6);
            // the 6 connections' last requests end in the third stage
            assertThat(third).as("req/s with 1 connection").isBetween(8.0, 28.0);
            // intervals: stage 1 [0, 1) [1, 1.5), stage 3 [1.5, 2.5) [2.5, 3), stage 5 [3, 4)
            // (counted at each interval's end: those that end where the connections change may see either side)
            List<Integer> active = r.intervalCounts().stream().map(IntervalCounts::activeConnections).toList();
            assertThat(active).hasSize(5);
            assertThat(List.of(active.get(0), active.get(2), active.get(4))).containsExactly(2, 6, 1);
            assertThat(r.intervalCounts()).extracting(IntervalCounts::target).containsExactly(2.0, 2.0, 6.0, 6.0, 1.0);
            // what the server saw at the end of the intervals inside a stage (the last is sampled after the loops stopped)
            assertThat(List.of(serverOpen.get(0), serverOpen.get(2))).containsExactly(2L, 6L);
            assertThat(r.errors().total()).isZero();
        }
    }

    @Test
    void stagesAreCheckedNamingTheFieldAndStage() {
        assertInvalid(LoadSpec.builder(URL).stages(List.of(Stage.rate(ms(100), 5), Stage.connections(ms(100), 2))),
                "stages[1]: gives connections but stages[0] a rate");
        assertInvalid(LoadSpec.builder(URL).stages(List.of(Stage.rate(ms(100), 5))).duration(ms(200)),
                "duration: PT0.2S but the stages add up to PT0.1S");
        assertInvalid(LoadSpec.builder(URL).rate(10.0).stages(List.of(Stage.rate(ms(100), 5))), "rate: not with rate stages");
        assertInvalid(LoadSpec.builder(URL).rate(10.0).stages(List.of(Stage.connections(ms(100), 5))),
                "rate: not with connections stages");
        assertInvalid(LoadSpec.builder(URL).stages(List.of(Stage.connections(ms(100), 5))).connections(3),
                "connections: 3 but the stages go up to 5");
        assertInvalid(LoadSpec.builder(URL).stages(List.of(Stage.rate(ms(100), 0))), "nothing would be sent");
        assertInvalid(LoadSpec.builder(URL).stages(List.of(Stage.rate(Duration.ZERO, 5))), "duration must be more than 0");
        assertThatThrownBy(() -> Stage.rate(ms(-1), 5)).hasMessageContaining("duration");
        assertThatThrownBy(() -> Stage.rate(ms(1), -5)).hasMessageContaining("rate");
        assertThatThrownBy(() -> new Stage(ms(1), 5.0, 5)).hasMessageContaining("not both");
        // agreeing values are fine, and toBuilder keeps the stages
        LoadSpec spec = LoadSpec.builder(URL).stages(List.of(Stage.connections(ms(100), 5))).connections(5)
                .duration(ms(100)).build();
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
        assertThat(spec.toBuilder().stages(List.of(Stage.connections(ms(300), 7))).build().duration()).isEqualTo(ms(300));
    }

    private static void assertInvalid(LoadSpec.Builder builder, String message) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
