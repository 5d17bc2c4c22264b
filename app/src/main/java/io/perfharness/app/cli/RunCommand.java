package io.perfharness.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.perfharness.app.run.ReportOutput;
import io.perfharness.app.run.ScenarioRunner;
import io.perfharness.app.scenario.LoadSettings;
import io.perfharness.app.scenario.Scenario;
import io.perfharness.app.scenario.ScenarioLoader;
import io.perfharness.app.scenario.Step;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfharness run [SCENARIO] [STEP...]}. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Runs the named steps of a scenario, else its default steps.",
                "SCENARIO is a .yaml/.yml/.json file; without one, examples/flask-json/scenario.yaml is run.",
                "Load flags (-c, -d, --warmup, -R, -H, ...) override that setting of every selected load step;",
                "everything else of the step (its gates, its other settings) is kept.",
                "--find-max-rate --slo GATES turns every selected load step into a search for its highest rate",
                "meeting GATES (as a step's findMaxRate: block does); the services stay up across its steps.",
                "Example: perfharness run thread http init",
                "         perfharness run http -d 2s --repeat 3",
                "         perfharness run http -d 5s --find-max-rate --slo 'p99 < 50ms' --budget 2m"})
final class RunCommand implements Callable<Integer> {

    /** The scenario run when none is named, relative to the perfharness home. */
    static final String DEFAULT_SCENARIO = "examples/flask-json/scenario.yaml";

    @Parameters(paramLabel = "[SCENARIO] [STEP...]", arity = "0..*",
            description = "scenario file (optional), then step names (default: the scenario's default steps)")
    List<String> args = new ArrayList<>();

    @Mixin
    LoadSettings overrides = new LoadSettings();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    ServiceRunOptions services = new ServiceRunOptions();

    @Mixin
    AgentOptions agent = new AgentOptions();

    @Mixin
    io.perfharness.app.maxrate.MaxRateOptions maxRate = new io.perfharness.app.maxrate.MaxRateOptions();

    @Mixin
    Verbosity verbosity = new Verbosity();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ReportOutput.checkLocations(output.report, output.results, output.html, output.history);
        List<String> rest = new ArrayList<>(args);
        Path file;
        if (!rest.isEmpty() && looksLikeScenario(rest.get(0))) {
            file = Path.of(rest.remove(0));
        } else {
            file = home().resolve(DEFAULT_SCENARIO);
        }
        Scenario scenario = ScenarioLoader.load(file);
        List<Step> steps = withOverrides(scenario.select(rest));
        if (output.repeat < 1) {
            throw usage("--repeat must be at least 1, got " + output.repeat);
        }
        long loads = steps.stream().filter(s -> s instanceof Step.Load).count();
        if (output.report != null && loads != 1) {
            throw usage("--report names one file but " + loads + " load steps were selected");
        }
        if (output.html != null && loads != 1) {
            throw usage("--html names one file but " + loads + " load steps were selected");
        }
        boolean searches = steps.stream().anyMatch(s -> s instanceof Step.Load l && l.findMaxRate() != null);
        if (searches && output.repeat != 1) {
            throw usage("--repeat does not apply to a max-rate search (--find-max-rate, findMaxRate:)");
        }
        if (searches && agent.agent().isAgent()) {
            throw usage("a max-rate search runs on one machine: --segment and --start-at do not apply");
        }
        if (maxRate.markdown() != null) {
            io.perfharness.reports.io.OutputFile.checkWritable(maxRate.markdown(), "--markdown");
        }
        PrintStream out = CommandOutput.of(spec.commandLine().getOut());
        boolean terminal = System.console() != null;
        ScenarioRunner.Options options = new ScenarioRunner.Options(out, services.console(spec, out, terminal),
                output.report,
                output.results, !output.quiet, terminal, output.repeat, output.history,
                services.baseline(output.history),
                output.html, agent.agent());
        out.println("perfharness: scenario " + scenario.name() + " (" + file + "), steps "
                + String.join(" ", steps.stream().map(Step::name).toList()));
        ScenarioRunner runner = new ScenarioRunner(scenario, options);
        runner.run(steps);
        if (maxRate.markdown() != null) {
            io.perfharness.reports.io.OutputFile.writeText(maxRate.markdown(), "--markdown", String.join("\n",
                    runner.maxRates().stream().map(io.perfharness.reports.maxrate.MaxRateFormat::markdown).toList()));
            out.println("  markdown: " + maxRate.markdown());
        }
        return verdict(runner, out);
    }

    /** @return the exit code of the gates {@code runner} checked (1 failed, 4 inconclusive, else 0), said on {@code out} */
    static int verdict(ScenarioRunner runner, PrintStream out) {
        if (!runner.gateFailures().isEmpty()) {
            out.println("perfharness: " + runner.gateFailures().size() + " gate(s) failed: "
                    + String.join("; ", runner.gateFailures().stream().map(g -> g.message()).toList()));
            out.flush();
            return ExitCodes.GATE_FAILED;
        }
        if (!runner.gatesInconclusive().isEmpty()) {
            out.println("perfharness: " + runner.gatesInconclusive().size() + " gate(s) inconclusive (no verdict: not a"
                    + " pass): " + String.join("; ", runner.gatesInconclusive().stream().map(g -> g.message()).toList()));
            out.flush();
            return ExitCodes.INCONCLUSIVE;
        }
        List<String> noRate = runner.maxRates().stream()
                .filter(m -> m.outcome() == io.perfharness.reports.maxrate.MaxRateReport.Outcome.NONE_MET)
                .map(m -> m.step()).toList();
        if (!noRate.isEmpty()) {
            out.println("perfharness: max-rate search inconclusive: no rate tried met the goal in step(s) "
                    + String.join(", ", noRate));
            out.flush();
            return ExitCodes.INCONCLUSIVE;
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** @return the steps with the load flags given applied to every load step (its gates and other settings kept) */
    List<Step> withOverrides(List<Step> steps) {
        io.perfharness.app.maxrate.MaxRateGoal goal;
        try {
            goal = maxRate.goal("");
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (overrides.isEmpty() && !agent.agent().isAgent() && goal == null) {
            return steps;
        }
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof Step.Load l) {
                try {
                    Step.Load changed = l.withLoad(agent.agent().share(overrides.applyTo(l.load(), "")));
                    out.add(goal == null ? changed : changed.withFindMaxRate(goal));
                } catch (LoadSettings.SettingsException e) {
                    throw usage("step " + l.name() + ": " + e.getMessage());
                }
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static boolean looksLikeScenario(String arg) {
        return arg.endsWith(".yaml") || arg.endsWith(".yml") || arg.endsWith(".json") || arg.contains("/")
                || Files.isRegularFile(Path.of(arg));
    }

    /** @return the perfharness checkout: {@code PERFHARNESS_HOME} (set by the launcher script), else the working directory */
    static Path home() {
        String h = System.getenv("PERFHARNESS_HOME");
        return h != null && !h.isBlank() ? Path.of(h) : Path.of("");
    }
}
