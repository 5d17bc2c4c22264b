package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    @Test
    void sharesOverAHundredThousandPicksAreWithinOnePercentOfTheWeights() {
        int[] weights = {8, 2, 5, 1, 37};
        int total = 53;
        SmoothWeightedRoundRobin picker = new SmoothWeightedRoundRobin(weights);
        long[] picked = new long[weights.length];
        int n = 100_003; // not a multiple of the cycle: the share is still within one cycle's worth
        for (int i = 0; i < n; i++) {
            picked[picker.next()]++;
        }
        for (int i = 0; i < weights.length; i++) {
            double share = (double) picked[i] / n;
            double expected = (double) weights[i] / total;
            assertThat(Math.abs(share - expected) / expected).as("endpoint %d: %d of %d", i, picked[i], n)
                    .isLessThan(0.01);
            // smooth WRR is exact over whole cycles: off by at most one cycle's share
            assertThat(Math.abs(picked[i] - expected * n)).isLessThanOrEqualTo(weights[i]);
        }
    }

    @Test
    void picksInterleaveAsNginxDoes() {
        SmoothWeightedRoundRobin picker = new SmoothWeightedRoundRobin(new int[] {5, 1, 1});
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            order.append((char) ('a' + picker.next()));
        }
        // the sequence nginx's ngx_http_upstream_get_peer gives for weights 5, 1, 1, twice
        assertThat(order).hasToString("aabacaa" + "aabacaa");
    }

    @Test
    void equalWeightsArePlainRoundRobin() {
        SmoothWeightedRoundRobin picker = new SmoothWeightedRoundRobin(new int[] {1, 1, 1});
        for (int i = 0; i < 9; i++) {
            assertThat(picker.next()).isEqualTo(i % 3);
        }
    }

    @Test
    void weightsBelowOneAreRefused() {
        assertThatThrownBy(() -> new SmoothWeightedRoundRobin(new int[] {1, 0})).hasMessageContaining("≥ 1");
        assertThatThrownBy(() -> new SmoothWeightedRoundRobin(new int[0])).hasMessageContaining("at least one");
    }
}
