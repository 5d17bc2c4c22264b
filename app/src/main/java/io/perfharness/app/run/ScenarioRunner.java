package io.perfharness.app.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import io.perfharness.harness.process.Console;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.probe.Probes;
import io.perfharness.app.scenario.Scenario;
import io.perfharness.app.scenario.ServiceSpec;
import io.perfharness.app.scenario.Step;
import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.ProgressLine;
import io.perfharness.loadgen.ProgressListener;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.gate.Gate;
import io.perfharness.reports.gate.GateResult;
import io.perfharness.reports.io.FileNames;
import io.perfharness.reports.gate.GateResults;
import io.perfharness.reports.gate.Gates;
import io.perfharness.reports.history.ReportHistory;

/**
 * Runs the selected steps of a scenario in order. Each step starts the services it needs (in the
 * order it lists them), runs, and stops them again (in reverse order), whatever happens. The first
 * failing step ends the run: later steps are skipped.
 */
public final class ScenarioRunner {

    /**
     * How a run shows and keeps its results.
     *
     * @param out        where headers, progress and summaries go
     * @param console    where the output of services and commands goes
     * @param reportFile where the report goes, or null for {@code resultsDir}, named by time and commit
     * @param resultsDir folder of reports and of the processes' log files
     * @param progress   whether to print a progress line per second
     * @param inPlace    whether the progress line is rewritten in place (a terminal)
     * @param repeat     repetitions of each load (≥ 1), against a server kept up; all go into one report
     * @param history    a history folder where each report is also kept under its commit, or null
     * @param baseline   where the baseline of relative ('vs baseline') gates is found
     * @param htmlFile   where to write the HTML page of the report (one load step only), or null
     * @param agent      this run's part in a load several agents make ({@code --segment}, {@code --start-at}),
     *                   or {@link Agent#NONE}; the steps' loads are already its share
     */
    public record Options(PrintStream out, Console console, Path reportFile, Path resultsDir, boolean progress,
                          boolean inPlace, int repeat, Path history, Baseline baseline, Path htmlFile, Agent agent) {
        public Options {
            if (repeat < 1) {
                throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
            }
            java.util.Objects.requireNonNull(baseline, "baseline");
            java.util.Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * Where 'vs baseline' gates find their baseline: the reports stored in {@code folder} for the merge-base
     * of the run's commit with {@code mainBranch} in the git work tree {@code repo}.
     *
     * @param folder     a history folder ({@code --history}/{@code --baseline}), or null for none
     * @param repo       the git work tree
     * @param mainBranch the main branch
     */
    public record Baseline(Path folder, Path repo, String mainBranch) {
        /** @return no baseline folder: 'vs baseline' gates say there is none */
        public static Baseline none() {
            return new Baseline(null, Path.of("."), "main");
        }
    }

    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Scenario scenario;
    private final Options options;
    private final Path logDir;
    private final List<GateResult> gateFailures = new ArrayList<>();
    private final List<GateResult> gatesInconclusive = new ArrayList<>();
    private final List<io.perfharness.reports.maxrate.MaxRateReport> maxRates = new ArrayList<>();

    public ScenarioRunner(Scenario scenario, Options options) {
        this.scenario = scenario;
        this.options = options;
        this.logDir = options.resultsDir().resolve("logs").resolve(FileNames.safe(RUN_ID.format(Instant.now()) + "-" + scenario.name()));
    }

    /**
     * @return the reports written, one per load step
     * @throws StepFailedException when a command step fails
     * @throws io.perfharness.harness.process.HarnessException when a service cannot start or stop
     */
    public List<Path> run(List<Step> steps) {
        long loads = steps.stream().filter(s -> s instanceof Step.Load).count();
        if (options.reportFile() != null && loads != 1) {
            throw new IllegalArgumentException("--report names one file but " + loads + " load steps were selected");
        }
        if (options.htmlFile() != null && loads != 1) {
            throw new IllegalArgumentException("--html names one file but " + loads + " load steps were selected");
        }
        int width = scenario.services().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Step s : steps) {
            width = Math.max(width, s.name().length());
        }
        options.console().padTo(width);
        for (Step s : steps) {
            if (s instanceof Step.Load l) {
                OpenFiles.check(l.load().connections()); // before any service starts
            }
        }
        List<Path> reports = new ArrayList<>();
        RuntimeException failure = null;
        RunningServices services = new RunningServices(scenario.services(), options.console(), logDir, options.out());
        try {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                options.out().println("== " + step.name() + (step instanceof Step.Load ? " (load)" : " (command)"));
                try {
                    services.startFor(step.services());
                    if (step instanceof Step.Command c) {
                        runCommand(c);
                    } else if (step instanceof Step.Load l) {
                        reports.add(runLoad(l, services.processesFor(l.services())));
                    }
                } finally {
                    // a failing step ends the run: then nothing is kept up for the next one
                    services.stopExceptFor(i + 1 < steps.size() ? steps.get(i + 1).services() : List.of());
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            try {
                services.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return reports;
    }

    private void runCommand(Step.Command c) {
        long t0 = System.nanoTime();
        ManagedProcess p = ManagedProcess.builder(c.name())
                .command(c.command()).cwd(c.cwd()).env(c.env()).readiness(Probes.none())
                .console(options.console()).logFile(logDir.resolve(FileNames.safe(c.name()) + ".log"))
                .build();
        p.start();
        try {
            OptionalInt code = p.awaitExit(c.timeout());
            if (code.isEmpty()) {
                throw new StepFailedException("step " + c.name() + ": " + String.join(" ", c.command())
                        + " still running after " + c.timeout().toSeconds() + " s; stopped it");
            }
            if (code.getAsInt() != 0) {
                StringBuilder sb = new StringBuilder("step " + c.name() + ": " + String.join(" ", c.command())
                        + " exited with code " + code.getAsInt());
                List<String> tail = p.lastLines();
                if (!tail.isEmpty()) {
                    sb.append("; last ").append(tail.size()).append(" lines of output:");
                    tail.forEach(l -> sb.append("\n    | ").append(l));
                }
                throw new StepFailedException(sb.toString());
            }
            options.out().printf(Locale.ROOT, "   %s passed in %.2f s%n", c.name(), (System.nanoTime() - t0) / 1e9);
        } finally {
            p.cleanUp();
        }
    }

    /** @return the gates that failed so far, of every load step run; {@code run} exits 1 when there is one */
    public List<GateResult> gateFailures() {
        return List.copyOf(gateFailures);
    }

    /** @return the gates checked so far whose evidence decided neither way; {@code run} exits 4 when there is one and none failed */
    public List<GateResult> gatesInconclusive() {
        return List.copyOf(gatesInconclusive);
    }

    /** @return the max-rate searches run so far ({@code findMaxRate} steps), in order; {@code run} exits 4 when one found no rate */
    public List<io.perfharness.reports.maxrate.MaxRateReport> maxRates() {
        return List.copyOf(maxRates);
    }

    /** A {@code findMaxRate} step: the search against the services kept up, its best step's report and gates. */
    private Path findMaxRate(Step.Load l) {
        if (options.repeat() > 1) {
            throw new IllegalArgumentException("step " + l.name() + ": --repeat does not apply to a max-rate search");
        }
        if (options.agent().isAgent()) {
            throw new IllegalArgumentException("step " + l.name() + ": a max-rate search runs on one machine, not as an agent");
        }
        MaxRateRun.Saved saved = MaxRateRun.run(l.load(), l.findMaxRate(), scenario.name(), l.name(), options.baseline().repo(),
                options.reportFile(), options.resultsDir(), options.htmlFile(), null, options.out());
        maxRates.add(saved.search());
        if (saved.best() == null) {
            return saved.file();
        }
        if (!l.gates().isEmpty()) {
            checkGates(l, saved.best().report());
        }
        if (options.history() != null) {
            Interruption.write(() ->
                    options.out().println("  history: " + new ReportHistory(options.history()).store(saved.best().report())));
        }
        return saved.best().file();
    }

    private Path runLoad(Step.Load l, List<ManagedProcess> serviceProcesses) {
        if (l.findMaxRate() != null) {
            return findMaxRate(l);
        }
        int n = options.repeat();
        options.out().printf(Locale.ROOT, "   load %s %s: %d connections, %d threads, %s warm-up + %s%s%n",
                l.load().method(), l.load().urls().get(0), l.load().connections(), l.load().threads(),
                seconds(l.load().warmup()), seconds(l.load().duration()), n > 1 ? ", " + n + " repetitions" : "");
        Agent.Started started = options.agent().awaitStart(options.out());
        List<LoadResult> results;
        List<Double> serviceCpu = new ArrayList<>();
        try (ServiceCpu cpu = ServiceCpu.of(serviceProcesses)) {
            results = Repetitions.run(l.load(), n,
                    () -> options.progress() ? new ProgressLine(options.out(), options.inPlace()) : ProgressListener.NONE,
                    i -> options.out().printf(Locale.ROOT, "   repetition %d/%d%n", i, n));
            for (LoadResult r : results) {
                serviceCpu.add(window(r).map(w -> cpu.perRequestMicros(w[0], w[1], r.requests()))
                        .filter(java.util.OptionalDouble::isPresent).map(java.util.OptionalDouble::getAsDouble).orElse(null));
            }
        }
        ReportOutput.Saved saved = ReportOutput.save(results, serviceCpu, scenario.name(), l.name(), options.baseline().repo(),
                options.reportFile(),
                options.resultsDir(), options.htmlFile(), null, started, options.out());
        if (!l.gates().isEmpty()) {
            checkGates(l, saved.report());
        }
        if (options.history() != null) {
            // after the gates: a run is never its own baseline
            Interruption.write(() ->
                    options.out().println("  history: " + new ReportHistory(options.history()).store(saved.report())));
        }
        return saved.file();
    }

    /** @return the measured window of {@code r} in epoch ms, from its per-second histograms' time stamps */
    private static java.util.Optional<long[]> window(LoadResult r) {
        if (r.intervals().isEmpty()) {
            return java.util.Optional.empty();
        }
        long from = r.intervals().get(0).getStartTimeStamp();
        long to = r.intervals().get(r.intervals().size() - 1).getEndTimeStamp();
        return from > 0 && to > from ? java.util.Optional.of(new long[] {from, to}) : java.util.Optional.empty();
    }

    /**
     * Evaluates the gates of {@code l} on {@code report} (with the baseline of its 'vs baseline' gates), prints
     * them, and adds the failed and the inconclusive ones to {@link #gateFailures()} and {@link #gatesInconclusive()}.
     */
    public void checkGates(Step.Load l, RunReport report) {
        List<RunReport> baseline = List.of();
        Baseline where = options.baseline();
        boolean relative = l.gates().stream().anyMatch(g -> g instanceof Gate.Relative);
        if (relative && where.folder() != null) {
            String commit = report.meta().git() != null ? report.meta().git().commit() : "HEAD";
            baseline = new ReportHistory(where.folder())
                    .baseline(where.repo().toAbsolutePath(), where.mainBranch(), commit, l.name())
                    .map(ReportHistory.Baseline::reports).orElse(List.of());
        }
        GateResults results = Gates.evaluate(l.gates(), report, baseline);
        options.out().printf(Locale.ROOT, "  gates: %d passed, %d failed, %d inconclusive%s%n",
                results.results().size() - results.failures().size() - results.inconclusive().size(),
                results.failures().size(), results.inconclusive().size(),
                relative && baseline.isEmpty() ? " (no baseline for 'vs baseline' gates)" : "");
        options.out().print(results.describe());
        gateFailures.addAll(results.failures());
        gatesInconclusive.addAll(results.inconclusive());
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3gs", d.toNanos() / 1e9);
    }
}
