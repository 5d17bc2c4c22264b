package io.perfharness.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ConcurrentMergeTest {

    @Test
    void addsCountsHistogramsAndThroughputsRepetitionByRepetition() {
        RunReport a = Reports.report("abc", 3, 1000, 500, 0.0, 1);
        RunReport b = Reports.report("abc", 3, 3000, 2000, 0.0, 2);
        ConcurrentMerge m = ConcurrentMerge.of(List.of(a, b));
        RunReport r = m.report();

        assertThat(m.warnings()).isEmpty();
        assertThat(r.requests()).isEqualTo(a.requests() + b.requests());
        assertThat(r.repetitions()).hasSize(3);
        Repetition first = r.repetitions().get(0);
        assertThat(first.requestsPerSecond()).isEqualTo(a.repetitions().get(0).requestsPerSecond()
                + b.repetitions().get(0).requestsPerSecond());
        assertThat(first.durationSeconds()).isEqualTo(5.0);
        Histogram h = first.histogram().decode();
        assertThat(h.getTotalCount()).isEqualTo(first.requests());
        // a quarter of the values are around 500 µs, three quarters around 2000 µs
        assertThat(first.latency().p50Us()).isBetween(1200L, 2200L);
        assertThat(r.requestsPerSecond()).isCloseTo(4000, org.assertj.core.api.Assertions.within(1.0));
        assertThat(r.load().connections()).isEqualTo(4);
        assertThat(r.load().threads()).isEqualTo(4);
        TimelineSample s = first.timeline().get(1);
        assertThat(s.requests()).isEqualTo(4000);
        assertThat(s.p99Us()).isEqualTo(Math.max(a.repetitions().get(0).timeline().get(1).p99Us(),
                b.repetitions().get(0).timeline().get(1).p99Us()));
    }

    @Test
    void refusesReportsThatCannotHaveRunTogether() {
        RunReport a = Reports.report("abc", 3, 1000, 500, 0.0, 1);
        RunReport twoReps = Reports.report("abc", 2, 1000, 500, 0.0, 2);
        assertThatThrownBy(() -> ConcurrentMerge.of(List.of(a, twoReps))).hasMessageContaining("2 repetitions");
        assertThatThrownBy(() -> ConcurrentMerge.of(List.of(a))).hasMessageContaining("at least two");
        RunReport otherStep = RunReport.ofRepetitions(a.meta(), a.scenario(), "other", a.load(), a.repetitions());
        assertThatThrownBy(() -> ConcurrentMerge.of(List.of(a, otherStep))).hasMessageContaining("step other");
    }

    @Test
    void agentsReportsMergeIntoEveryAgentsPartBySegmentAndTheirStartSpread() {
        RunReport a = Reports.report("abc", 1, 1000, 500, 0.0, 1);
        RunReport b = Reports.report("abc", 1, 3000, 500, 0.0, 2);
        java.time.Instant at = java.time.Instant.parse("2026-11-23T14:10:40Z");
        RunReport second = b.withAgents(List.of(AgentPart.of(1, 2, at, at.plusMillis(30), b)));
        RunReport first = a.withAgents(List.of(AgentPart.of(0, 2, at, at.plusMillis(5), a)));
        RunReport r = ConcurrentMerge.of(List.of(second, first)).report();
        assertThat(r.agents()).extracting(AgentPart::segment).containsExactly("0/2", "1/2");
        assertThat(r.agents()).extracting(AgentPart::requests).containsExactly(a.requests(), b.requests());
        assertThat(AgentPart.startSpreadMillis(r.agents())).isEqualTo(25.0);
        // a report of one generator among them: the merged one cannot say who made what
        assertThat(ConcurrentMerge.of(List.of(a, second)).report().agents()).isNull();
    }

    @Test
    void warnsWhenStartTimesAreFarApart() {
        RunReport a = Reports.report("abc", 1, 1000, 500, 0.0, 1);
        RunReport b = Reports.report("abc", 1, 1000, 500, 0.0, 2);
        RunMeta later = new RunMeta(b.meta().git(), "2026-11-23T15:10:39Z", "other-host", 2, "jvm", "os");
        RunReport late = RunReport.ofRepetitions(later, b.scenario(), b.step(), b.load(), b.repetitions());
        ConcurrentMerge m = ConcurrentMerge.of(List.of(a, late));
        assertThat(m.warnings()).singleElement().asString().contains("3600 s apart");
        assertThat(m.report().meta().host()).isEqualTo("test-host+other-host");
    }
}
