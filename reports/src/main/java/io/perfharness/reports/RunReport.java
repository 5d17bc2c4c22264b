package io.perfharness.reports;

import java.util.List;
import java.util.Objects;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The result of one load step: what was measured, where, with which parameters, and the whole
 * latency histogram. Serialised as JSON by {@link ReportFiles}.
 *
 * <p>A step may run its load several times ({@link #repetitions()}); the top-level fields then describe
 * all repetitions together (requests and durations added, histograms added, errors added), and each
 * repetition keeps its own summary, histogram and per-second timeline so that {@code compare} has a
 * distribution. Build such a report with {@link #ofRepetitions}:
 *
 * <pre>{@code
 * List<Repetition> reps = results.stream()
 *         .map(r -> Repetition.of(r.requests(), r.durationSeconds(), r.errors(), r.latencyMicros(), r.intervals()))
 *         .toList();
 * RunReport report = RunReport.ofRepetitions(RunMeta.collect(dir), "flask-json", "http", params, reps);
 * }</pre>
 *
 * @param schemaVersion     {@value #SCHEMA_VERSION} for reports written by this version; 1 or 2 for
 *                          reports read from older files (1: no repetitions; before 3: no dropped requests,
 *                          service times, clamped values, checked bodies or complete load parameters)
 * @param meta              machine, time and git state
 * @param scenario          scenario name
 * @param step              step name
 * @param load              load parameters (of one repetition)
 * @param requests          completed responses in the measured window (any status), of all repetitions
 * @param durationSeconds   measured window, in seconds, of all repetitions added
 * @param requestsPerSecond {@code requests / durationSeconds}
 * @param errors            failed requests by kind, of all repetitions
 * @param dropped           open model: requests due but never sent (every connection busy, queue full), of
 *                          all repetitions; counted as failures in {@link #errorRate()} and the {@code errors} gate
 * @param latency           latency summary, µs, of all repetitions (open model: corrected for coordinated omission)
 * @param histogram         the latency histogram, µs, of all repetitions
 * @param serviceLatency    open model: the uncorrected latency (service time), µs, of all repetitions;
 *                          {@code null} in the closed model, where it equals {@code latency}
 * @param serviceHistogram  the service-time histogram, µs, or {@code null} as {@code serviceLatency}
 * @param clampedValues     latencies outside 1 µs .. 1 h recorded as the nearest bound, of all repetitions
 * @param checkedBodies     response bodies checked ({@code expectJson}), of all repetitions
 * @param repetitions       each repetition, in the order run; empty in schema 1 reports (see {@link #runs()})
 * @param agents            when several load generators made the load together ({@code cluster run},
 *                          {@code --segment}): each one's part, by segment index — one in an agent's own report,
 *                          every agent's in a merged one; {@code null} for a load made by one generator alone
 *                          (and in reports written before agents existed)
 */
public record RunReport(int schemaVersion, RunMeta meta, String scenario, String step, LoadParameters load,
                        long requests, double durationSeconds, double requestsPerSecond,
                        ErrorCounts errors, long dropped, LatencySummary latency, EncodedHistogram histogram,
                        LatencySummary serviceLatency, EncodedHistogram serviceHistogram,
                        long clampedValues, long checkedBodies, List<Repetition> repetitions,
                        List<AgentPart> agents) {

    /** The schema version this code writes; it reads this one and every one in {@link #READABLE_VERSIONS}. */
    public static final int SCHEMA_VERSION = 3;

    /** Schema versions {@link ReportFiles#read} accepts: 1 (one run, no repetitions), 2 (no schema 3 measurements) and 3. */
    public static final List<Integer> READABLE_VERSIONS = List.of(1, 2, 3);

    public RunReport {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(histogram, "histogram");
        repetitions = repetitions == null ? List.of() : List.copyOf(repetitions);
        agents = agents == null ? null : List.copyOf(agents);
    }

    /** @return this report with {@code agents} (see the record's parameter), everything else the same */
    public RunReport withAgents(List<AgentPart> agents) {
        return new RunReport(schemaVersion, meta, scenario, step, load, requests, durationSeconds, requestsPerSecond,
                errors, dropped, latency, histogram, serviceLatency, serviceHistogram, clampedValues, checkedBodies,
                repetitions, agents);
    }

    /**
     * A report of one or more repetitions of the same load: the top-level fields are all repetitions
     * together.
     *
     * @param repetitions at least one, in the order they ran
     * @throws IllegalArgumentException when {@code repetitions} is empty
     */
    public static RunReport ofRepetitions(RunMeta meta, String scenario, String step, LoadParameters load,
                                          List<Repetition> repetitions) {
        if (repetitions.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one repetition");
        }
        long requests = 0;
        long dropped = 0;
        long clamped = 0;
        long checked = 0;
        double seconds = 0;
        ErrorCounts errors = ErrorCounts.NONE;
        Histogram all = null;
        Histogram service = null;
        boolean open = repetitions.stream().allMatch(r -> r.serviceHistogram() != null);
        for (Repetition r : repetitions) {
            requests += r.requests();
            dropped += r.dropped();
            clamped += r.clampedValues();
            checked += r.checkedBodies();
            seconds += r.durationSeconds();
            errors = errors.plus(r.errors());
            all = add(all, r.histogram().decode());
            if (open) {
                service = add(service, r.serviceHistogram().decode());
            }
        }
        return new RunReport(SCHEMA_VERSION, meta, scenario, step, load, requests, seconds,
                seconds > 0 ? requests / seconds : 0, errors, dropped, LatencySummary.of(all), EncodedHistogram.of(all),
                service == null ? null : LatencySummary.of(service), service == null ? null : EncodedHistogram.of(service),
                clamped, checked, repetitions, null);
    }

    private static Histogram add(Histogram sum, Histogram h) {
        if (sum == null) {
            return h;
        }
        sum.add(h);
        return sum;
    }

    /**
     * @return the repetitions; for a report without any (schema 1), one repetition made of the top-level
     *         fields, with an empty timeline
     */
    @JsonIgnore
    public List<Repetition> runs() {
        if (!repetitions.isEmpty()) {
            return repetitions;
        }
        return List.of(new Repetition(requests, durationSeconds, requestsPerSecond, errors, dropped, latency, histogram,
                serviceLatency, serviceHistogram, clampedValues, checkedBodies, null, null, null, List.of(), null, List.of(),
                null));
    }

    /**
     * @return per named endpoint, its results over all repetitions (added as the top-level fields are), in
     *         the order of the first repetition; empty for a load of a URL list
     */
    @JsonIgnore
    public List<EndpointReport> endpointTotals() {
        List<EndpointReport> parts = new java.util.ArrayList<>();
        for (Repetition r : runs()) {
            if (r.endpoints() != null) {
                parts.addAll(r.endpoints());
            }
        }
        return EndpointReport.sum(parts, false);
    }

    /** @return the named endpoint's results over all repetitions, if the report has it */
    public java.util.Optional<EndpointReport> endpoint(String name) {
        return endpointTotals().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** @return failed requests of every kind (dropped ones included) divided by all attempts, of all repetitions, 0..1 */
    @JsonIgnore
    public double errorRate() {
        return Repetition.errorRate(requests, errors, dropped);
    }

    /**
     * @return CPU per request of the client and the services over all repetitions (request-weighted), or
     *         {@code null} when a repetition did not measure it
     */
    @JsonIgnore
    public CpuCost cpu() {
        List<Repetition> reps = runs();
        if (reps.stream().anyMatch(r -> r.cpu() == null)) {
            return null;
        }
        return CpuCost.weighted(reps.stream().map(Repetition::cpu).toList(), reps.stream().map(Repetition::requests).toList());
    }

    /**
     * @return the TLS handshakes of all repetitions together (histograms and counts added), or {@code null}
     *         when no repetition used TLS
     */
    @JsonIgnore
    public TlsHandshakes tls() {
        return TlsHandshakes.merged(runs().stream().map(Repetition::tls).filter(Objects::nonNull).toList());
    }

    /** @return the service-time summary: {@link #serviceLatency()} in the open model, else {@link #latency()} (they are equal) */
    @JsonIgnore
    public LatencySummary serviceOrLatency() {
        return serviceLatency != null ? serviceLatency : latency;
    }
}
