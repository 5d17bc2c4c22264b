package io.perfharness.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.perfharness.app.scenario.LoadSettings;
import io.perfharness.loadgen.LoadSpec;

class SegmentTest {

    private static LoadSpec load(int connections, Double rate) {
        return LoadSpec.builder(URI.create("http://127.0.0.1:9/")).connections(connections).threads(4).rate(rate)
                .header("X-Run", "a").build();
    }

    @Test
    void sharesOfTheConnectionsAddUpExactlyAndDifferByOneAtMost() {
        for (int c : new int[] {3, 10, 11, 64, 100_000}) {
            for (int n : new int[] {1, 2, 3, 7}) {
                if (n > c) {
                    continue;
                }
                int[] shares = IntStream.range(0, n).map(i -> new Segment(i, n).share(load(c, null)).connections()).toArray();
                assertThat(IntStream.of(shares).sum()).as("%d over %d", c, n).isEqualTo(c);
                assertThat(IntStream.of(shares).max().getAsInt() - IntStream.of(shares).min().getAsInt()).isLessThanOrEqualTo(1);
            }
        }
        assertThat(Segment.parse("0/3").share(load(10, null)).connections()).isEqualTo(4);
        assertThat(Segment.parse("2/3").share(load(10, null)).connections()).isEqualTo(3);
    }

    @Test
    void theRateIsSplitInProportionToConnectionsAndEverythingElseIsKept() {
        LoadSpec whole = load(10, 300.0);
        double total = 0;
        for (int i = 0; i < 3; i++) {
            LoadSpec s = new Segment(i, 3).share(whole);
            total += s.rate();
            assertThat(s.rate()).isEqualTo(300.0 * s.connections() / 10);
            assertThat(s.toBuilder().connections(10).rate(300.0).threads(4).build()).isEqualTo(whole);
        }
        assertThat(total).isCloseTo(300.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(new Segment(1, 3).share(load(2, null)).threads()).isEqualTo(1);
    }

    @Test
    void anAgentWithoutConnectionsAndMalformedSegmentsAreInputErrors() {
        assertThatThrownBy(() -> new Segment(2, 3).share(load(2, null)))
                .isInstanceOf(LoadSettings.SettingsException.class)
                .hasMessage("--segment 2/3: 2 connections cannot be split over 3 agents (agent 2 would have none);"
                        + " give at least 3 connections or fewer agents");
        assertThatThrownBy(() -> Segment.parse("3/3")).hasMessageContaining("I must be 0..2");
        assertThatThrownBy(() -> Segment.parse("1of3")).hasMessageContaining("is not I/N");
        assertThatThrownBy(() -> Segment.parse("0/0")).hasMessageContaining("N must be 1..");
    }
}
