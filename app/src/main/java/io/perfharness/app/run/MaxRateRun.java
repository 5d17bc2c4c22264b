package io.perfharness.app.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.perfharness.app.maxrate.MaxRateGoal;
import io.perfharness.app.maxrate.MaxRateSearch;
import io.perfharness.harness.process.HarnessException;
import io.perfharness.loadgen.LoadGenerator;
import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.loadgen.ProgressListener;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.io.FileNames;
import io.perfharness.reports.maxrate.MaxRateFiles;
import io.perfharness.reports.maxrate.MaxRateFormat;
import io.perfharness.reports.maxrate.MaxRateReport;

/**
 * Runs a max-rate search ({@link MaxRateSearch}) with the load generator against servers already up, and
 * saves what it found: the highest passing step as an ordinary report (with its {@code .hlog}, HTML and
 * history copy, so {@code compare} and the gates read it), and the search itself, every step's evidence,
 * as {@code NAME.max-rate.json} beside it.
 */
public final class MaxRateRun {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private MaxRateRun() {
    }

    /**
     * What a search saved.
     *
     * @param search the search, as written to {@code file}
     * @param file   where it was written
     * @param best   the report of the highest passing step, or null when none passed
     */
    public record Saved(MaxRateReport search, Path file, ReportOutput.Saved best) {
    }

    /**
     * @param load       every step's load but its rate (its rate, when set, is the first step's)
     * @param repo       the git work tree whose commit the reports record
     * @param reportFile where the highest passing step's report goes, or null for {@code resultsDir}/TIME-COMMIT-STEP.json
     * @param htmlFile   that report's HTML page, or null
     * @param history    a history folder that keeps that report too, or null
     * @throws HarnessException when the server gave no response at all, or the search was interrupted (exit 3)
     */
    public static Saved run(LoadSpec load, MaxRateGoal goal, String scenario, String step, Path repo, Path reportFile,
                            Path resultsDir, Path htmlFile, Path history, PrintStream out) {
        OpenFiles.check(load.connections());
        RunMeta meta = RunMeta.collect(repo.toAbsolutePath());
        out.printf(Locale.ROOT, "   max-rate search: %s; budget %ds, precision %.3g%%; each step %s warm-up + %s at one rate%n",
                String.join(", ", goal.sloTexts()), goal.budget().toSeconds(), 100 * goal.precision(),
                seconds(load.warmup().toNanos()), seconds(load.duration().toNanos()));
        MaxRateSearch<LoadResult> search = new MaxRateSearch<>(goal, spec -> LoadGenerator.run(spec, ProgressListener.NONE),
                r -> LoadReports.of(List.of(r), Collections.singletonList(null), meta, scenario, step),
                new MaxRateSearch.Listener() {
                    @Override
                    public void step(int n, io.perfharness.reports.maxrate.RateStep s) {
                        out.println(MaxRateFormat.stepLine(n, s));
                        out.flush();
                    }

                    @Override
                    public void probe(double requestsPerSecond) {
                        out.printf(Locale.ROOT, "  probe (closed model, %d connections): %.1f req/s%n", load.connections(),
                                requestsPerSecond);
                        out.flush();
                    }
                }, System::nanoTime);
        MaxRateSearch.Found<LoadResult> found = search.run(load);
        if (Interruption.requested() || Thread.currentThread().isInterrupted()) {
            throw new HarnessException("interrupted: the max-rate search was stopped, no report written");
        }
        MaxRateReport report = new MaxRateReport(MaxRateReport.SCHEMA_VERSION, meta, scenario, step, goal.sloTexts(),
                LoadReports.parameters(load), found.probeRate(), found.startRate(), goal.precision(), found.outcome(),
                found.maxRate(), found.firstFailedRate(), goal.budget().toNanos() / 1e9, found.elapsed().toNanos() / 1e9,
                found.note(), found.steps());
        ReportOutput.Saved best = null;
        if (found.best() != null) {
            out.printf(Locale.ROOT, "  the highest passing step (%.1f req/s):%n", found.maxRate());
            best = ReportOutput.save(List.of(found.best()), Collections.singletonList(null), scenario, step, repo, reportFile,
                    resultsDir, htmlFile, history, null, out);
        }
        Path file = best != null ? MaxRateFiles.beside(best.file())
                : reportFile != null ? MaxRateFiles.beside(reportFile)
                : resultsDir.resolve(FILE_TIME.format(Instant.now()) + "-"
                        + (meta.git() != null ? FileNames.safe(meta.git().shortCommit()) : "nogit") + "-"
                        + FileNames.safe(step) + ".max-rate.json");
        boolean written = Interruption.write(() -> {
            MaxRateFiles.write(report, file);
            out.print(MaxRateFormat.text(report));
            out.println("  max-rate report: " + file);
        });
        if (!written) {
            throw new HarnessException("interrupted: the max-rate search was stopped, no report written");
        }
        return new Saved(report, file, best);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3gs", nanos / 1e9);
    }
}
