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
                "HTTPS, self-signed server: perfharness load -c16 -d10s --insecure https://127.0.0.1:8443/",
                "HTTP/2, 4 connections x 16 streams: perfharness load -c4 --h2 --streams 16 http://127.0.0.1:8080/"
                        + " (h2c, prior knowledge; https:// negotiates h2 by ALPN)"})
final class LoadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "URL", arity = "1..*", description = "http:// or https:// URLs, requested round-robin")
    List<String> urls = new ArrayList<>();

    @Mixin
    LoadSettings settings = new LoadSettings();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    AgentOptions agent = new AgentOptions();

    @Mixin
    Verbosity verbosity = new Verbosity();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** @return the load the flags describe */
    LoadSpec spec() {
        try {
            return agent.agent().share(settings.urls(urls).applyTo(null, ""));
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
        PrintStream out = CommandOutput.of(spec.commandLine().getOut());
        boolean terminal = System.console() != null;
        out.printf(Locale.ROOT, "perfharness: load %s %s, %d connections%s, %d threads, %s warm-up + %s%n",
                load.method(), load.urls().get(0), load.connections(),
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
}
