package io.perfharness.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What one named endpoint of a load got: the measurements of {@link Repetition} for its requests only. A
 * repetition holds one per endpoint ({@link Repetition#endpoints()}); {@link RunReport#endpointTotals()}
 * adds them over the repetitions.
 *
 * @param name              the endpoint's name, as in the load parameters and in gates ({@code p99[name]})
 * @param requests          its completed responses in the measured window (any status)
 * @param durationSeconds   the measured window, s (the repetition's: endpoints share it)
 * @param requestsPerSecond {@code requests / durationSeconds}, req/s
 * @param errors            its failed requests by kind
 * @param latency           latency summary, µs (as the repetition's)
 * @param histogram         the whole latency histogram, µs
 * @param fromWriteLatency  the latency from the request's write, µs
 * @param fromWriteHistogram its histogram, µs
 */
public record EndpointReport(String name, long requests, double durationSeconds, double requestsPerSecond,
                             ErrorCounts errors, LatencySummary latency, EncodedHistogram histogram,
                             LatencySummary fromWriteLatency, EncodedHistogram fromWriteHistogram) {

    public EndpointReport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(histogram, "histogram");
        if ((fromWriteLatency == null) != (fromWriteHistogram == null)) {
            throw new IllegalArgumentException("fromWriteLatency and fromWriteHistogram go together");
        }
    }

    /**
     * @param durationSeconds the measured window, s
     * @param latencyUs       its latency histogram, µs
     * @param fromWriteUs     its latency from the write, µs, or {@code null}
     */
    public static EndpointReport of(String name, long requests, double durationSeconds, ErrorCounts errors,
                                    AbstractHistogram latencyUs, AbstractHistogram fromWriteUs) {
        return new EndpointReport(name, requests, durationSeconds, durationSeconds > 0 ? requests / durationSeconds : 0,
                errors, LatencySummary.of(latencyUs), EncodedHistogram.of(latencyUs),
                fromWriteUs == null ? null : LatencySummary.of(fromWriteUs),
                fromWriteUs == null ? null : EncodedHistogram.of(fromWriteUs));
    }

    /** @return failed requests of every kind divided by all attempts (completed or failed short of a response), 0..1 */
    @JsonIgnore
    public double errorRate() {
        return Repetition.errorRate(requests, errors, 0);
    }

    /**
     * @param parts endpoint results to add, e.g. of several repetitions (windows added) or of several load
     *              generators side by side ({@code sideBySide}: the window is their mean)
     * @return per name, in the order first seen, the parts of that name added
     */
    public static List<EndpointReport> sum(List<EndpointReport> parts, boolean sideBySide) {
        Map<String, List<EndpointReport>> byName = new LinkedHashMap<>();
        for (EndpointReport p : parts) {
            byName.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(p);
        }
        List<EndpointReport> out = new ArrayList<>();
        byName.forEach((name, list) -> {
            long requests = 0;
            double seconds = 0;
            ErrorCounts errors = ErrorCounts.NONE;
            Histogram all = null;
            Histogram fromWrite = null;
            boolean withFromWrite = list.stream().allMatch(e -> e.fromWriteHistogram() != null);
            for (EndpointReport e : list) {
                requests += e.requests();
                seconds += e.durationSeconds();
                errors = errors.plus(e.errors());
                all = add(all, e.histogram().decode());
                if (withFromWrite) {
                    fromWrite = add(fromWrite, e.fromWriteHistogram().decode());
                }
            }
            out.add(of(name, requests, sideBySide ? seconds / list.size() : seconds, errors, all, fromWrite));
        });
        return out;
    }

    private static Histogram add(Histogram sum, Histogram h) {
        if (sum == null) {
            return h;
        }
        sum.add(h);
        return sum;
    }
}
