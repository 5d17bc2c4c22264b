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
 * @param schemaVersion     {@value #SCHEMA_VERSION} for reports written by this version; 1 for reports
 *                          read from files written before repetitions existed
 * @param meta              machine, time and git state
 * @param scenario          scenario name
 * @param step              step name
 * @param load              load parameters (of one repetition)
 * @param requests          completed responses in the measured window (any status), of all repetitions
 * @param durationSeconds   measured window, in seconds, of all repetitions added
 * @param requestsPerSecond {@code requests / durationSeconds}
 * @param errors            failed requests by kind, of all repetitions
 * @param latency           latency summary, µs, of all repetitions
 * @param histogram         the latency histogram, µs, of all repetitions
 * @param repetitions       each repetition, in the order run; empty in schema 1 reports (see {@link #runs()})
 */
public record RunReport(int schemaVersion, RunMeta meta, String scenario, String step, LoadParameters load,
                        long requests, double durationSeconds, double requestsPerSecond,
                        ErrorCounts errors, LatencySummary latency, EncodedHistogram histogram,
                        List<Repetition> repetitions) {

    /** The schema version this code writes; it reads this one and every one in {@link #READABLE_VERSIONS}. */
    public static final int SCHEMA_VERSION = 2;

    /** Schema versions {@link ReportFiles#read} accepts: 1 (one run, no repetitions) and 2. */
    public static final List<Integer> READABLE_VERSIONS = List.of(1, 2);

    public RunReport {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(histogram, "histogram");
        repetitions = repetitions == null ? List.of() : List.copyOf(repetitions);
    }

    /** A report of one run without repetition details (the schema 1 shape). */
    public RunReport(int schemaVersion, RunMeta meta, String scenario, String step, LoadParameters load,
                     long requests, double durationSeconds, double requestsPerSecond,
                     ErrorCounts errors, LatencySummary latency, EncodedHistogram histogram) {
        this(schemaVersion, meta, scenario, step, load, requests, durationSeconds, requestsPerSecond, errors,
                latency, histogram, List.of());
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
        double seconds = 0;
        ErrorCounts errors = ErrorCounts.NONE;
        Histogram all = null;
        for (Repetition r : repetitions) {
            requests += r.requests();
            seconds += r.durationSeconds();
            errors = errors.plus(r.errors());
            Histogram h = r.histogram().decode();
            if (all == null) {
                all = h;
            } else {
                all.add(h);
            }
        }
        return new RunReport(SCHEMA_VERSION, meta, scenario, step, load, requests, seconds,
                seconds > 0 ? requests / seconds : 0, errors, LatencySummary.of(all), EncodedHistogram.of(all),
                repetitions);
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
        return List.of(new Repetition(requests, durationSeconds, requestsPerSecond, errors, latency, histogram,
                List.of()));
    }

    /** @return failed requests of every kind divided by all attempts, of all repetitions, 0..1 */
    @JsonIgnore
    public double errorRate() {
        return Repetition.errorRate(requests, errors);
    }
}
