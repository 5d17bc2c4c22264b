package io.perfharness.app.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.perfharness.app.run.Repetitions;
import io.perfharness.app.run.ReportOutput;
import io.perfharness.app.scenario.Durations;
import io.perfharness.app.scenario.LoadSettings;
import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.loadgen.ProgressLine;
import io.perfharness.loadgen.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code perfharness load URL...}: a load of an already running server, with wrk's flags. */
@Command(name = "load", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Loads already running HTTP servers, like wrk (closed model) or wrk2 (--rate, open model).",
                "Example: perfharness load -t2 -c16 -d10s http://127.0.0.1:8080/",
                "         perfharness load -c4 -d5s --find-max-rate --slo 'p99 < 20ms' \\",
                "             http://127.0.0.1:8080/",
                "         perfharness load -c16 -d10s --insecure https://127.0.0.1:8443/",
                "         perfharness load -c4 --h2 --streams 16 http://127.0.0.1:8080/    (HTTP/2)"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done (--find-max-rate: a rate met the goal)", "  2  usage or input error",
                "  3  the load could not run (no server, interrupted)",
                "  4  --find-max-rate: no rate tried met the goal (inconclusive)"})
final class LoadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "URL", arity = "0..*",
            description = "http:// or https:// URLs, requested round-robin (or give named endpoints with --endpoint"
                    + " instead)")
    List<String> urls = new ArrayList<>();

    @Mixin
    LoadSettings settings = new LoadSettings();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    AgentOptions agent = new AgentOptions();

    @Mixin
    io.perfharness.app.maxrate.MaxRateOptions maxRate = new io.perfharness.app.maxrate.MaxRateOptions();

    @Mixin
    Verbosity verbosity = new Verbosity();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** @return the load the flags describe */
    LoadSpec spec() {
        try {
            return agent.agent().share(settings.urls(urls.isEmpty() ? null : urls).applyTo(null, ""));
        } catch (LoadSettings.SettingsException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() {
        ReportOutput.checkLocations(output.report, output.report == null ? output.results : null, output.html, output.history);
        LoadSpec load = spec();
        io.perfharness.app.run.OpenFiles.check(load.connections());
        if (output.repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + output.repeat);
        }
        io.perfharness.app.maxrate.MaxRateGoal goal = maxRateGoal();
        PrintStream out = CommandOutput.of(spec.commandLine().getOut());
        if (goal != null) {
            return findMaxRate(load, goal, out);
        }
        boolean terminal = System.console() != null;
        out.printf(Locale.ROOT, "perfharness: load %s, %d connections%s, %d threads, %s warm-up + %s%n",
                io.perfharness.app.run.Summary.target(load), load.connections(),
                load.h2() ? " (HTTP/2, " + load.streams() + (load.streams() == 1 ? " stream" : " streams") + " each)" : "",
                load.threads(), Durations.format(load.warmup()), Durations.format(load.duration()));
        int n = output.repeat;
        io.perfharness.app.run.Agent.Started started = agent.agent().awaitStart(out);
        List<LoadResult> runs = Repetitions.run(load, n,
                () -> output.quiet ? ProgressListener.NONE : new ProgressLine(out, terminal),
                i -> out.printf(Locale.ROOT, "repetition %d/%d%n", i, n));
        ReportOutput.save(runs, java.util.Collections.nCopies(runs.size(), (Double) null), null, "load",
                java.nio.file.Path.of(""), output.report, output.results, output.html, output.history, started, out);
        out.flush();
        return ExitCodes.OK;
    }

    /** @return the {@code --find-max-rate} goal, or null; checks the flags it does not go with */
    io.perfharness.app.maxrate.MaxRateGoal maxRateGoal() {
        io.perfharness.app.maxrate.MaxRateGoal goal;
        try {
            goal = maxRate.goal("");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (goal != null && output.repeat != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat does not apply to --find-max-rate");
        }
        if (goal != null && agent.agent().isAgent()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--find-max-rate runs on one machine: --segment and --start-at do not apply");
        }
        if (goal == null && maxRate.markdown() != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--markdown belongs to --find-max-rate, which is not given");
        }
        if (goal != null && maxRate.markdown() != null) {
            io.perfharness.reports.io.OutputFile.checkWritable(maxRate.markdown(), "--markdown");
        }
        return goal;
    }

    private int findMaxRate(LoadSpec load, io.perfharness.app.maxrate.MaxRateGoal goal, PrintStream out) {
        out.printf(Locale.ROOT, "perfharness: load %s %s, %d connections, %d threads: find the highest rate meeting %s%n",
                load.method(), load.urls().get(0), load.connections(), load.threads(), String.join(", ", goal.sloTexts()));
        io.perfharness.app.run.MaxRateRun.Saved saved = io.perfharness.app.run.MaxRateRun.run(load, goal, null, "load",
                java.nio.file.Path.of(""), output.report, output.results, output.html, output.history, out);
        if (maxRate.markdown() != null) {
            io.perfharness.reports.io.OutputFile.writeText(maxRate.markdown(), "--markdown",
                    io.perfharness.reports.maxrate.MaxRateFormat.markdown(saved.search()));
            out.println("  markdown: " + maxRate.markdown());
        }
        out.flush();
        return saved.search().outcome() == io.perfharness.reports.maxrate.MaxRateReport.Outcome.NONE_MET
                ? ExitCodes.INCONCLUSIVE : ExitCodes.OK;
    }
}
