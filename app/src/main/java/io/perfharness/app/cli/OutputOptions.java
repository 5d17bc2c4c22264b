package io.perfharness.app.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where the commands that run a load ({@code load}, {@code run}) keep what it measured, and how often they run it. */
final class OutputOptions {

    @Option(names = "--report", paramLabel = "FILE", order = 40,
            description = "write the report exactly here (one load only); default: RESULTS/<time>-<commit>-<step>.json")
    Path report;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "perf-results", order = 41,
            description = "folder of reports and process logs (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", order = 42,
            description = "run each load N times (warm-up before the first only); the report keeps every repetition,"
                    + " so compare has a distribution (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--history", paramLabel = "DIR", order = 43,
            description = "also keep each report in DIR/<commit>/ (the baseline folder of compare --baseline)")
    Path history;

    @Option(names = "--html", paramLabel = "FILE", order = 44,
            description = "also write the report as a self-contained HTML page (one load only)")
    Path html;

    @Option(names = {"-q", "--quiet"}, order = 45, description = "no progress line")
    boolean quiet;
}
