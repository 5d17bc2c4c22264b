package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    @Test
    void keepsOrderWhileGrowingAndRefusesPastItsCapacity() {
        PendingRequests q = new PendingRequests(100);
        for (long i = 0; i < 10; i++) {
            assertThat(q.offer(i)).isTrue();
        }
        assertThat(q.poll()).isZero();
        assertThat(q.poll()).isEqualTo(1);
        for (long i = 10; i < 102; i++) { // wraps around, then grows past 16
            assertThat(q.offer(i)).isTrue();
        }
        assertThat(q.size()).isEqualTo(100);
        assertThat(q.offer(102)).isFalse();
        for (long i = 2; i < 102; i++) {
            assertThat(q.poll()).isEqualTo(i);
        }
        assertThat(q.isEmpty()).isTrue();
    }
}
