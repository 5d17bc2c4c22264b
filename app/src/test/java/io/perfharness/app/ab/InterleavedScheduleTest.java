package io.perfharness.app.ab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterleavedScheduleTest {

    @Test
    void everyPairOfBlocksHasOneOrderOfEachKind() {
        InterleavedSchedule s = new InterleavedSchedule(42);
        for (int pair = 0; pair < 50; pair++) {
            assertThat(s.baseFirst(2 * pair)).isNotEqualTo(s.baseFirst(2 * pair + 1));
        }
    }

    @Test
    void theOrderIsRandomAcrossPairsAndTheSameForTheSameSeed() {
        InterleavedSchedule s = new InterleavedSchedule(42);
        int baseFirstPairs = 0;
        for (int pair = 0; pair < 200; pair++) {
            baseFirstPairs += s.baseFirst(2 * pair) ? 1 : 0;
        }
        assertThat(baseFirstPairs).isBetween(70, 130);
        assertThat(new InterleavedSchedule(42).describe(12)).isEqualTo(s.describe(12));
        assertThat(new InterleavedSchedule(43).describe(40)).isNotEqualTo(s.describe(40));
    }
}
