package io.perfharness.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.HdrHistogram.AbstractHistogram;

/**
 * One repetition of a load: the same load run again against the same server, so that a report holds
 * a distribution of results and not one number. {@code compare} treats repetitions as independent
 * samples.
 *
 * @param requests          completed responses in the measured window (any status)
 * @param durationSeconds   measured window, s
 * @param requestsPerSecond {@code requests / durationSeconds}, req/s
 * @param errors            failed requests by kind
 * @param dropped           open model: requests that came due while every connection was busy and the
 *                          queue was full, so were never sent; 0 in the closed model (and in reports
 *                          older than schema 3)
 * @param latency           latency summary, µs; open model: from the intended send time (corrected for
 *                          coordinated omission)
 * @param histogram         the repetition's whole latency histogram, µs
 * @param serviceLatency    open model: the uncorrected latency (service time: response end − when a
 *                          connection actually started on the request), µs; {@code null} in the closed
 *                          model, where it equals {@code latency}
 * @param serviceHistogram  the service-time histogram, µs, or {@code null} as {@code serviceLatency}
 * @param clampedValues     latencies outside the histogram's range (1 µs .. 1 h), recorded as the nearest bound
 * @param checkedBodies     response bodies checked ({@code expectJson}); the bad ones are {@code errors.body}
 * @param fromWriteLatency  the latency from when the request was written (a reconnect's connect left out), µs;
 *                          {@code null} when not measured (reports before schema 3)
 * @param fromWriteHistogram its histogram, µs, or {@code null} as {@code fromWriteLatency}
 * @param cpu               CPU per request of the client and of the services; {@code null} when not measured
 * @param timeline          per-second samples of the measured window, oldest first (may be empty)
 * @param endpoints         per named endpoint of the load, its own results (their requests add up to
 *                          {@code requests}); {@code null} for a load of a URL list, and in older reports
 * @param stages            a staged load: what each stage measured (stages of duration 0 have none), in stage order;
 *                          empty without stages (and in reports written before stages existed)
 * @param tls               the TLS handshakes of a load of {@code https://} URLs; {@code null} without TLS (and in
 *                          reports written before TLS)
 */
public record Repetition(long requests, double durationSeconds, double requestsPerSecond, ErrorCounts errors,
                         long dropped, LatencySummary latency, EncodedHistogram histogram,
                         LatencySummary serviceLatency, EncodedHistogram serviceHistogram,
                         long clampedValues, long checkedBodies, LatencySummary fromWriteLatency,
                         EncodedHistogram fromWriteHistogram, CpuCost cpu, List<TimelineSample> timeline,
                         List<EndpointReport> endpoints, List<StageResult> stages, TlsHandshakes tls) {

    public Repetition {
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(histogram, "histogram");
        if ((serviceLatency == null) != (serviceHistogram == null)) {
            throw new IllegalArgumentException("serviceLatency and serviceHistogram go together");
        }
        if ((fromWriteLatency == null) != (fromWriteHistogram == null)) {
            throw new IllegalArgumentException("fromWriteLatency and fromWriteHistogram go together");
        }
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        endpoints = endpoints == null ? null : List.copyOf(endpoints);
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /**
     * The repetition of one load generator run, closed model, nothing dropped, clamped or checked; add
     * those with {@link #withOpenModel} and {@link #withChecks}.
     *
     * @param requests        completed responses in the measured window
     * @param durationSeconds measured window, s (&gt; 0 for a non-zero throughput)
     * @param errors          failed requests by kind
     * @param latencyUs       latency histogram of the measured window, µs
     * @param intervalsUs     per-second latency histograms (µs) of the measured window, oldest first, with
     *                        start and end time stamps in epoch ms (as {@code LoadResult.intervals()});
     *                        when time stamps are missing the intervals are taken as consecutive seconds.
     *                        May be empty.
     */
    public static Repetition of(long requests, double durationSeconds, ErrorCounts errors,
                                AbstractHistogram latencyUs, List<? extends AbstractHistogram> intervalsUs) {
        List<TimelineSample> timeline = new ArrayList<>();
        if (!intervalsUs.isEmpty()) {
            long base = intervalsUs.get(0).getStartTimeStamp();
            for (int i = 0; i < intervalsUs.size(); i++) {
                AbstractHistogram h = intervalsUs.get(i);
                long start = h.getStartTimeStamp();
                long end = h.getEndTimeStamp();
                boolean stamped = base > 0 && start > 0 && end > start;
                timeline.add(TimelineSample.of(stamped ? (start - base) / 1000.0 : i,
                        stamped ? (end - start) / 1000.0 : 1.0, h));
            }
        }
        return new Repetition(requests, durationSeconds, durationSeconds > 0 ? requests / durationSeconds : 0,
                errors, 0, LatencySummary.of(latencyUs), EncodedHistogram.of(latencyUs), null, null, 0, 0, null, null, null,
                timeline, null, List.of(), null);
    }

    /**
     * @param dropped   requests never sent, ≥ 0
     * @param serviceUs the service-time histogram, µs, or {@code null} (closed model)
     * @return this repetition with the open model's measurements
     */
    public Repetition withOpenModel(long dropped, AbstractHistogram serviceUs) {
        return new Repetition(requests, durationSeconds, requestsPerSecond, errors, dropped, latency, histogram,
                serviceUs == null ? null : LatencySummary.of(serviceUs),
                serviceUs == null ? null : EncodedHistogram.of(serviceUs), clampedValues, checkedBodies, fromWriteLatency,
                fromWriteHistogram, cpu, timeline, endpoints, stages, tls);
    }

    /**
     * @param clamped values recorded as the histogram's nearest bound, ≥ 0
     * @param checked response bodies checked, ≥ 0
     * @return this repetition with those counts
     */
    public Repetition withChecks(long clamped, long checked) {
        return new Repetition(requests, durationSeconds, requestsPerSecond, errors, dropped, latency, histogram,
                serviceLatency, serviceHistogram, clamped, checked, fromWriteLatency, fromWriteHistogram, cpu, timeline,
                endpoints, stages, tls);
    }

    /**
     * @param fromWriteUs the latency from the request's write, µs, or {@code null}
     * @param cost        CPU per request of the client and the services, or {@code null}
     * @return this repetition with those measurements
     */
    public Repetition withCosts(AbstractHistogram fromWriteUs, CpuCost cost) {
        return new Repetition(requests, durationSeconds, requestsPerSecond, errors, dropped, latency, histogram,
                serviceLatency, serviceHistogram, clampedValues, checkedBodies,
                fromWriteUs == null ? null : LatencySummary.of(fromWriteUs),
                fromWriteUs == null ? null : EncodedHistogram.of(fromWriteUs), cost, timeline, endpoints, stages, tls);
    }

    /**
     * @param handshakes the TLS handshakes of the repetition, or {@code null} without TLS
     * @return this repetition with them
     */
    public Repetition withTls(TlsHandshakes handshakes) {
        return new Repetition(requests, durationSeconds, requestsPerSecond, errors, dropped, latency, histogram,
                serviceLatency, serviceHistogram, clampedValues, checkedBodies, fromWriteLatency, fromWriteHistogram, cpu,
                timeline, endpoints, stages, handshakes);
    }

    /**
     * @param perEndpoint each named endpoint's results, or {@code null} (a load of a URL list)
     * @return this repetition with them
     */
    public Repetition withEndpoints(List<EndpointReport> perEndpoint) {
        return new Repetition(requests, durationSeconds, requestsPerSecond, errors, dropped, latency, histogram,
                serviceLatency, serviceHistogram, clampedValues, checkedBodies, fromWriteLatency, fromWriteHistogram, cpu,
                timeline, perEndpoint, stages, tls);
    }

    /**
     * @param samples the per-second timeline, as {@link #timeline()} (e.g. {@code timeline()} with counts added)
     * @param results what each stage measured, as {@link #stages()}
     * @return this repetition with that timeline and those stage results
     */
    public Repetition withStages(List<TimelineSample> samples, List<StageResult> results) {
        return new Repetition(requests, durationSeconds, requestsPerSecond, errors, dropped, latency, histogram,
                serviceLatency, serviceHistogram, clampedValues, checkedBodies, fromWriteLatency, fromWriteHistogram, cpu,
                samples, endpoints, results, tls);
    }

    /** @return the service-time summary: {@link #serviceLatency()} in the open model, else {@link #latency()} (they are equal) */
    public LatencySummary serviceOrLatency() {
        return serviceLatency != null ? serviceLatency : latency;
    }

    /**
     * @return failed requests of every kind, dropped ones included, divided by all attempts (requests that
     *         completed, failed short of a response, or were due and never sent), 0..1
     */
    public double errorRate() {
        return errorRate(requests, errors, dropped);
    }

    static double errorRate(long requests, ErrorCounts errors, long dropped) {
        // status and body errors are completed responses and are already in requests; the others never completed
        long attempts = requests + errors.unanswered() + dropped;
        return attempts == 0 ? 0 : (double) (errors.total() + dropped) / attempts;
    }
}
