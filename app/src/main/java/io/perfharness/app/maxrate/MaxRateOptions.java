package io.perfharness.app.maxrate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.perfharness.app.scenario.Durations;
import picocli.CommandLine.Option;

/**
 * A max-rate search as the user asks for it: the flags of {@code load} and {@code run}
 * ({@code --find-max-rate --slo 'p99 < 50ms' [--budget 2m] [--precision 3%]}) or a scenario load step's
 * {@code findMaxRate: {slo: 'p99 < 20ms', budget: 2m, precision: 3%}} block (its presence asks for the search).
 * The one home of these names; {@link #goal} turns either into the same {@link MaxRateGoal}.
 */
public final class MaxRateOptions {

    @Option(names = "--find-max-rate", order = 60,
            description = "find the highest open-model rate that meets --slo: step the rate up (from -R, else from a"
                    + " short closed-model probe), then bisect; each step runs --warmup then -d at one rate")
    @JsonIgnore
    boolean find;

    @Option(names = "--slo", paramLabel = "GATES", order = 61,
            description = "the goal of --find-max-rate: gates a step must pass, e.g. 'p99 < 50ms' or"
                    + " 'p99 < 20ms, errorRate < 1%%' (repeatable). A step also fails when its achieved rate is more"
                    + " than 2%% below the intended one, when a request was dropped, or on any error unless a gate"
                    + " bounds errors or errorRate")
    @JsonProperty("slo")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    List<String> slo;

    @Option(names = "--budget", paramLabel = "DURATION", order = 62,
            description = "longest the search may take, probe and warm-ups included (default 2m)")
    @JsonProperty("budget")
    String budget;

    @Option(names = "--precision", paramLabel = "PERCENT", order = 63,
            description = "stop when the lowest failing rate is this close above the highest passing one (default 3%%)")
    @JsonProperty("precision")
    String precision;

    @Option(names = "--markdown", paramLabel = "FILE", order = 64,
            description = "with --find-max-rate: also write the steps and the answer as markdown")
    @JsonIgnore
    Path markdown;

    /** @return {@code --markdown}, or null */
    public Path markdown() {
        return markdown;
    }

    /**
     * @param where names the source in messages: {@code ""} for flags, a field path ({@code steps.http.findMaxRate.})
     *              for a scenario's block, whose presence asks for the search
     * @return the goal, or {@code null} when flags do not ask for a search
     * @throws IllegalArgumentException naming the flag or field and what is wrong (exit 2)
     */
    public MaxRateGoal goal(String where) {
        boolean flags = where.isEmpty();
        if (flags && !find) {
            if (slo != null || budget != null || precision != null || markdown != null) {
                throw new IllegalArgumentException((slo != null ? "--slo" : budget != null ? "--budget"
                        : precision != null ? "--precision" : "--markdown") + " belongs to --find-max-rate, which is not given");
            }
            return null;
        }
        String sloName = flags ? "--slo" : where + "slo";
        if (slo == null || slo.isEmpty()) {
            throw new IllegalArgumentException(sloName + ": missing: the goal of the search, e.g. 'p99 < 50ms'");
        }
        List<io.perfharness.reports.gate.Gate> gates;
        try {
            gates = MaxRateGoal.parseSlo(slo);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(sloName + ": " + e.getMessage(), e);
        }
        Duration b = MaxRateGoal.DEFAULT_BUDGET;
        if (budget != null) {
            try {
                b = Durations.parse(budget);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((flags ? "--budget" : where + "budget") + ": " + e.getMessage(), e);
            }
        }
        double p = MaxRateGoal.DEFAULT_PRECISION;
        if (precision != null) {
            try {
                p = MaxRateGoal.parsePrecision(precision);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((flags ? "--precision" : where + "precision") + ": " + e.getMessage(), e);
            }
        }
        try {
            return new MaxRateGoal(gates, b, p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((flags ? "--" : where) + e.getMessage(), e);
        }
    }
}
