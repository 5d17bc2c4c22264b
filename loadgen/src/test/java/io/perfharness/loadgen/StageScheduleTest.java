package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageScheduleTest {

    private static Duration s(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    @Test
    void rateRampsLinearlyFromThePreviousStageAndItsIntegralIsTheRequestsIntended() {
        // 0 -> 100 over 10 s, hold 100 for 5 s, 100 -> 400 over 30 s, jump to 50 and hold it 2 s
        StageSchedule st = new StageSchedule(List.of(Stage.rate(s(10), 100), Stage.rate(s(5), 100),
                Stage.rate(s(30), 400), Stage.rate(Duration.ZERO, 50), Stage.rate(s(2), 50)));

        assertThat(st.totalSeconds()).isEqualTo(47.0);
        assertThat(st.valueAt(5)).isCloseTo(50, within(1e-9));
        assertThat(st.valueAt(12)).isCloseTo(100, within(1e-9));
        assertThat(st.valueAt(30)).isCloseTo(250, within(1e-9));
        assertThat(st.valueAt(46)).isCloseTo(50, within(1e-9));
        assertThat(st.integral(10)).isCloseTo(500, within(1e-9));
        assertThat(st.integral(15)).isCloseTo(1000, within(1e-9));
        assertThat(st.integral(45)).isCloseTo(1000 + 7500, within(1e-6));
        assertThat(st.integral(47)).isCloseTo(8500 + 100, within(1e-6));
        for (double t = 0; t < 47; t += 0.37) {
            assertThat(st.timeOfIntegral(st.integral(t))).as("inverse at %s s", t).isCloseTo(t, within(1e-6));
        }
        assertThat(st.timeOfIntegral(8601)).isInfinite();
        assertThat(st.first()).isEqualTo(100);
        assertThat(st.max()).isEqualTo(400);
    }

    @Test
    void rampDownToZeroHasAnInverseUpToItsEnd() {
        StageSchedule st = new StageSchedule(List.of(Stage.rate(Duration.ZERO, 200), Stage.rate(s(4), 0)));

        assertThat(st.integral(4)).isCloseTo(400, within(1e-9));
        assertThat(st.timeOfIntegral(399.999)).isCloseTo(4, within(0.01));
        assertThat(st.timeOfIntegral(400)).isInfinite();
    }

    @Test
    void connectionsAreTheValueRoundedAndChangeAtEachHalfStep() {
        // 0 -> 4 over 4 s: 1 at 0.5 s, 2 at 1.5 s, ...; then 4 jumps to 1 and holds
        StageSchedule st = new StageSchedule(List.of(Stage.connections(s(4), 4), Stage.connections(Duration.ZERO, 1),
                Stage.connections(s(2), 1)));

        assertThat(st.connectionsAt(0)).isZero();
        assertThat(st.connectionsAt(0.6)).isEqualTo(1);
        assertThat(st.connectionsAt(3.9)).isEqualTo(4);
        assertThat(st.connectionsAt(4)).isEqualTo(1);
        assertThat(st.nextConnectionChange(0)).isCloseTo(0.5, within(1e-5));
        assertThat(st.nextConnectionChange(0.6)).isCloseTo(1.5, within(1e-5));
        assertThat(st.nextConnectionChange(3.6)).isEqualTo(4.0);
        assertThat(st.nextConnectionChange(4)).isInfinite();
    }

    @Test
    void connectionsRampingDownChangeAfterEachHalfStep() {
        StageSchedule st = new StageSchedule(List.of(Stage.connections(Duration.ZERO, 3), Stage.connections(s(3), 0)));

        double t = 0;
        int c = st.connectionsAt(0);
        assertThat(c).isEqualTo(3);
        for (int expected = 2; expected >= 0; expected--) {
            t = st.nextConnectionChange(t);
            assertThat(st.connectionsAt(t)).isEqualTo(expected);
        }
        assertThat(t).isCloseTo(2.5, within(1e-5));
        assertThat(st.nextConnectionChange(t)).isInfinite();
    }
}
