package io.perfharness.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * What one stage of a staged load ({@link LoadParameters#stages()}) measured in one repetition, or over several.
 *
 * @param stage             the stage's index in {@link LoadParameters#stages()}, from 0
 * @param durationSeconds   how long it was measured, s
 * @param target            the load it asked for, mean over the stage: requests/s (open model) or connections
 * @param requests          responses that ended in the stage (any status)
 * @param requestsPerSecond {@code requests / durationSeconds}
 * @param sent              requests started in the stage
 * @param errors            requests that failed in the stage, every kind
 * @param dropped           open model: requests that came due in the stage and were dropped
 * @param latency           latency of its responses, µs (open model: from the intended send time)
 * @param histogram         their histogram, µs
 */
public record StageResult(int stage, double durationSeconds, double target, long requests, double requestsPerSecond,
                          long sent, long errors, long dropped, LatencySummary latency, EncodedHistogram histogram) {

    /**
     * @param stage           index of the stage
     * @param durationSeconds how long it was measured, s
     * @param target          mean load asked for (requests/s or connections)
     * @param latencyUs       latencies of its responses, µs; its count is the stage's requests
     * @return the stage's result
     */
    public static StageResult of(int stage, double durationSeconds, double target, long sent, long errors, long dropped,
                                 Histogram latencyUs) {
        long n = latencyUs.getTotalCount();
        return new StageResult(stage, durationSeconds, target, n, durationSeconds > 0 ? n / durationSeconds : 0, sent,
                errors, dropped, LatencySummary.of(latencyUs), EncodedHistogram.of(latencyUs));
    }

    /**
     * @return each stage over every repetition: durations, counts and histograms added, the target weighted by
     *         duration; in stage order (empty when no repetition has stages)
     */
    public static List<StageResult> overRepetitions(List<Repetition> repetitions) {
        Map<Integer, List<StageResult>> byStage = new TreeMap<>();
        for (Repetition r : repetitions) {
            for (StageResult s : r.stages()) {
                byStage.computeIfAbsent(s.stage(), k -> new ArrayList<>()).add(s);
            }
        }
        List<StageResult> out = new ArrayList<>();
        byStage.forEach((stage, parts) -> {
            if (parts.size() == 1) {
                out.add(parts.get(0));
                return;
            }
            double seconds = 0;
            double targetSeconds = 0;
            long sent = 0;
            long errors = 0;
            long dropped = 0;
            Histogram all = null;
            for (StageResult s : parts) {
                seconds += s.durationSeconds();
                targetSeconds += s.target() * s.durationSeconds();
                sent += s.sent();
                errors += s.errors();
                dropped += s.dropped();
                Histogram h = s.histogram().decode();
                if (all == null) {
                    all = h;
                } else {
                    all.add(h);
                }
            }
            out.add(of(stage, seconds, seconds > 0 ? targetSeconds / seconds : parts.get(0).target(), sent, errors, dropped,
                    all));
        });
        return out;
    }
}
