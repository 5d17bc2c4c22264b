package io.perfharness.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.perfharness.app.ab.AbResult;
import io.perfharness.app.ab.AbSettings;
import io.perfharness.app.ab.Target;
import io.perfharness.app.scenario.Durations;
import io.perfharness.reports.compare.AlphaSpending;
import io.perfharness.reports.compare.CompareSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options {@code ab} and {@code bisect} share: how each A/B is measured and decided. */
final class AbOptions {

    @Option(names = "--budget", paramLabel = "DURATION", defaultValue = "5m",
            description = "wall time for one A/B, checkouts and builds included: new runs start only while one more block"
                    + " fits (the --min-runs always run) (default: ${DEFAULT-VALUE})")
    String budget;

    @Option(names = "--min-runs", paramLabel = "N", defaultValue = "4",
            description = "runs a side before the first look, >= 3 (default: ${DEFAULT-VALUE})")
    int minRuns;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "30",
            description = "runs a side at most (default: ${DEFAULT-VALUE})")
    int maxRuns;

    @Option(names = "--inconclusive", paramLabel = "pass|fail",
            description = "exit 0 (pass) or 1 (fail) when the result is inconclusive (default: exit 4)")
    String inconclusive;

    @Option(names = "--threshold", paramLabel = "METRIC=VALUE",
            description = "a metric's threshold, repeatable: throughput=5%%, p50=5%%, p99=15%%, p99.9=30%%, errorRate=0.5pp")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.05",
            description = "false-alarm level of the whole gate, over all looks and metrics; also the highest"
                    + " chance of a miss (a metric worse by its threshold called unchanged) (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", description = "each run's load duration (run -d)")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "each run's warm-up (run --warmup)")
    String warmup;

    @Option(names = "--repeat", paramLabel = "N", description = "repetitions in each run (run --repeat); a run's value is their median")
    Integer repeat;

    @Option(names = "--launcher", paramLabel = "side|this", defaultValue = "side",
            description = "side: each side's own ./perfharness when it has one (it builds that side's jar), else this one;"
                    + " this: this perfharness for both (the same load generator, nothing to build) (default: ${DEFAULT-VALUE})")
    String launcher;

    @Option(names = "--build", paramLabel = "COMMAND",
            description = "a shell command run in each side's checkout before its runs (e.g. 'make'); without it,"
                    + " the side's scenario file's build: field, if any")
    String build;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the run order (default: from the clock, printed)")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where the runs' reports and logs go (default: perf-results/ab-<UTC time>)")
    Path out;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".", description = "the git work tree (default: the current directory)")
    Path repo;

    @Option(names = {"-v", "--verbose"}, description = "stack traces on errors")
    boolean verbose;

    AbSettings settings(Target target, CommandLine cmd, String kind) {
        List<String> runOptions = new ArrayList<>();
        if (duration != null) {
            runOptions.addAll(List.of("-d", check("--duration", duration, cmd)));
        }
        if (warmup != null) {
            runOptions.addAll(List.of("--warmup", check("--warmup", warmup, cmd)));
        }
        if (repeat != null) {
            if (repeat < 1) {
                throw new CommandLine.ParameterException(cmd, "--repeat must be at least 1, got " + repeat);
            }
            runOptions.addAll(List.of("--repeat", String.valueOf(repeat)));
        }
        AbSettings.Launcher l = switch (launcher.toLowerCase(Locale.ROOT)) {
            case "side" -> AbSettings.Launcher.SIDE;
            case "this" -> AbSettings.Launcher.THIS;
            default -> throw new CommandLine.ParameterException(cmd, "--launcher must be side or this, got '" + launcher + "'");
        };
        if (inconclusive != null && !List.of("pass", "fail").contains(inconclusive)) {
            throw new CommandLine.ParameterException(cmd, "--inconclusive must be pass or fail, got '" + inconclusive + "'");
        }
        CompareSettings compare = CompareSettings.defaults();
        for (String t : thresholds) {
            compare = compare.withThreshold(t);
        }
        Duration b = Durations.parse(check("--budget", budget, cmd));
        Path dir = out != null ? out : Path.of("perf-results", kind + "-"
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        long s = seed != null ? seed : System.currentTimeMillis() % 1_000_000;
        return new AbSettings(target.scenario(), target.step(), runOptions, b, minRuns, maxRuns, alpha,
                AlphaSpending.OBRIEN_FLEMING, compare, s, l, build, dir.toAbsolutePath());
    }

    /** @return the exit code of an outcome: 0, 1, or for inconclusive 4 unless --inconclusive says pass or fail */
    int exitCode(AbResult.Outcome outcome) {
        return switch (outcome) {
            case NO_REGRESSION -> ExitCodes.OK;
            case REGRESSION -> ExitCodes.GATE_FAILED;
            case INCONCLUSIVE -> "pass".equals(inconclusive) ? ExitCodes.OK
                    : "fail".equals(inconclusive) ? ExitCodes.GATE_FAILED : AbCommand.INCONCLUSIVE;
        };
    }

    private static String check(String flag, String text, CommandLine cmd) {
        try {
            Durations.parse(text);
            return text;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, flag + ": " + e.getMessage());
        }
    }
}
