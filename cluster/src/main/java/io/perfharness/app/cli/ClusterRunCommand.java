package io.perfharness.app.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.perfharness.app.cluster.AgentEngine;
import io.perfharness.app.cluster.ClusterRun;
import io.perfharness.app.cluster.LocalEngine;
import io.perfharness.app.run.Agent;
import io.perfharness.app.run.ScenarioRunner;
import io.perfharness.app.run.Segment;
import io.perfharness.app.scenario.Durations;
import io.perfharness.app.scenario.LoadSettings;
import io.perfharness.app.scenario.Scenario;
import io.perfharness.app.scenario.ScenarioLoader;
import io.perfharness.app.scenario.Step;
import io.perfharness.harness.process.Console;
import io.perfharness.reports.history.ReportHistory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfharness cluster run [SCENARIO] [STEP] --agents N --engine local|kubernetes}. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Runs one load step of a scenario with N agents, each making its share (--segment I/N) from one",
                "instant (--start-at); merges their reports, prints one summary, writes one report, and judges the",
                "step's gates (and 'vs baseline') on the merged result. Exit codes as for run.",
                "The step's services start once, here; each agent runs 'perfharness load' with the step's load.",
                "Example: perfharness cluster run http --agents 3 --engine local",
                "         perfharness cluster run s.yaml http --agents 20 --engine kubernetes --image reg/perfharness:1"})
final class ClusterRunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "[SCENARIO] [STEP]", arity = "0..2",
            description = "scenario file (optional), then the load step (default: the scenario's one default load step)")
    List<String> args = new ArrayList<>();

    @Option(names = {"-n", "--agents"}, paramLabel = "N", required = true, order = 1,
            description = "agents to split the load over (each gets at least one connection)")
    int agents;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "local", order = 2,
            description = "where the agents run: local (processes on this machine) or kubernetes (an Indexed Job)"
                    + " (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--start-delay", paramLabel = "DURATION", order = 3, converter = DurationConverter.class,
            description = "from launching the agents to their common start: time for all to be up"
                    + " (default: 5s local, 2m kubernetes)")
    Duration startDelay;

    @Option(names = "--deadline", paramLabel = "DURATION", order = 4, converter = DurationConverter.class,
            description = "longest time the agents may take in all before they are stopped and the run fails"
                    + " (default: the start delay + the load's time + 1m local, 5m kubernetes)")
    Duration deadline;

    @Option(names = "--no-services", order = 5,
            description = "do not start the step's services: the system under test runs elsewhere")
    boolean noServices;

    @Option(names = "--dry-run", order = 6,
            description = "print what would run (the agents' command lines, or the Job manifest for kubectl apply) and exit")
    boolean dryRun;

    @Mixin
    LoadSettings overrides = new LoadSettings();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    ServiceRunOptions services = new ServiceRunOptions();

    @Mixin
    KubernetesOptions kubernetes = new KubernetesOptions();

    @Mixin
    Verbosity verbosity = new Verbosity();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> rest = new ArrayList<>(args);
        Path file = !rest.isEmpty() && RunCommand.looksLikeScenario(rest.get(0)) ? Path.of(rest.remove(0))
                : RunCommand.home().resolve(RunCommand.DEFAULT_SCENARIO);
        if (rest.size() > 1) {
            throw usage("one load step, got " + String.join(" ", rest));
        }
        if (!engine.equals("local") && !engine.equals("kubernetes")) {
            throw usage("--engine must be local or kubernetes, got '" + engine + "'");
        }
        if (agents < 1) {
            throw usage("--agents must be at least 1, got " + agents);
        }
        if (output.repeat < 1) {
            throw usage("--repeat must be at least 1, got " + output.repeat);
        }
        Scenario scenario = ScenarioLoader.load(file);
        Step.Load step = loadStep(scenario, rest);
        boolean local = engine.equals("local");
        if (!local) {
            refuseLoopback(step);
        }
        PrintStream out = CommandOutput.of(spec.commandLine().getOut());
        ClusterRun run = new ClusterRun(scenario, step, new ClusterRun.Options(out,
                services.console(spec, out, System.console() != null), agents,
                startDelay != null ? startDelay : Duration.ofSeconds(local ? 5 : 120), deadline,
                Duration.ofMinutes(local ? 1 : 5), !noServices, output.repeat, output.report, output.results, output.html,
                services.git.repo));
        AgentEngine agentEngine = local ? LocalEngine.thisJvm(run.logDir()) : kubernetes.engine(Duration.ofSeconds(1));
        if (dryRun) {
            out.print(agentEngine.describe(run.plan()));
            out.flush();
            return ExitCodes.OK;
        }
        out.println("perfharness: cluster run of scenario " + scenario.name() + " (" + file + "), step " + step.name()
                + ", " + agents + " agents (" + engine + ")");
        out.println("== " + step.name() + " (load, " + agents + " agents)");
        ClusterRun.Saved saved = run.run(agentEngine);
        ScenarioRunner judge = new ScenarioRunner(scenario, new ScenarioRunner.Options(out, Console.silent(), saved.file(),
                output.results, false, false, output.repeat, output.history,
                services.baseline(output.history), null, Agent.NONE));
        if (!step.gates().isEmpty()) {
            judge.checkGates(step, saved.report());
        }
        if (output.history != null) {
            // after the gates: a run is never its own baseline
            out.println("  history: " + new ReportHistory(output.history).store(saved.report()));
        }
        return RunCommand.verdict(judge, out);
    }

    /** @return the one load step named, or the scenario's one default load step, with the load flags applied */
    private Step.Load loadStep(Scenario scenario, List<String> names) {
        List<Step.Load> loads = scenario.select(names).stream()
                .filter(s -> s instanceof Step.Load).map(s -> (Step.Load) s).toList();
        if (loads.size() != 1) {
            throw usage(names.isEmpty()
                    ? "name the load step to run: the scenario's default steps have " + loads.size() + " load steps"
                    : "step " + names.get(0) + " is a command step; cluster run runs one load step");
        }
        Step.Load step = loads.get(0);
        if (step.findMaxRate() != null) {
            throw usage("step " + step.name() + ": a max-rate search (findMaxRate:) runs on one machine: use perfharness run");
        }
        try {
            Step.Load whole = step.withLoad(overrides.applyTo(step.load(), ""));
            new Segment(agents - 1, agents).share(whole.load()); // the last agent gets the fewest connections
            return whole;
        } catch (LoadSettings.SettingsException e) {
            throw usage("step " + step.name() + ": " + e.getMessage().replaceFirst("^--segment [0-9/]+: ", "--agents " + agents + ": "));
        }
    }

    private void refuseLoopback(Step.Load step) {
        for (URI u : step.load().urls()) {
            // names are not resolved here (the cluster's DNS is not this machine's): literal loopback only
            String h = u.getHost().toLowerCase(java.util.Locale.ROOT);
            if (h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("[::1]")
                    || h.equals("::1")) {
                throw usage("step " + step.name() + " loads " + u + ": agents in pods cannot reach this machine's"
                        + " loopback; give the URL the pods reach (a Service's DNS name)");
            }
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** picocli: a duration flag. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
