package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientCostTest {

    @Test
    void perRequestTimesAreTheWindowsTimesOverItsRequests() {
        ClientCost c = new ClientCost(5.0, 20_000, 0.4, 1.6, List.of(0.2, 0.3));

        assertThat(c.cpuSeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(c.userMicrosPerRequest()).isCloseTo(20.0, within(1e-9));
        assertThat(c.systemMicrosPerRequest()).isCloseTo(80.0, within(1e-9));
        assertThat(c.cpuMicrosPerRequest()).isCloseTo(100.0, within(1e-9));
        assertThat(c.maxLoopBusy()).isEqualTo(0.3);
        assertThat(c.saturated()).isFalse();
        assertThat(c.warning()).isEmpty();
    }

    @Test
    void aLoopBusyMoreThanNinetyPercentOfTheWindowIsSaturated() {
        ClientCost c = new ClientCost(5.0, 20_000, 4.0, 1.0, List.of(0.5, 0.93));

        assertThat(c.saturated()).isTrue();
        assertThat(c.warning()).contains("93%").contains("the load generator may be the bottleneck");
        assertThat(new ClientCost(5.0, 1, 0, 0, List.of(0.9)).saturated()).isFalse();
    }

    @Test
    void noRequestsCostNothingPerRequest() {
        assertThat(ClientCost.NONE.cpuMicrosPerRequest()).isZero();
        assertThat(ClientCost.NONE.saturated()).isFalse();
    }
}
