package io.perfharness.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.perfharness.harness.process.Console;
import io.perfharness.app.run.ReportOutput;
import io.perfharness.app.run.ScenarioRunner;
import io.perfharness.app.scenario.Durations;
import io.perfharness.app.scenario.Scenario;
import io.perfharness.app.scenario.ScenarioLoader;
import io.perfharness.app.scenario.Step;
import io.perfharness.loadgen.LoadSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfharness run [SCENARIO] [STEP...]}. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Runs the named steps of a scenario, else its default steps.",
                "SCENARIO is a .yaml/.yml/.json file; without one, examples/flask-json/scenario.yaml is run.",
                "Example: perfharness run thread http init"})
final class RunCommand implements Callable<Integer> {

    /** The scenario run when none is named, relative to the perfharness home. */
    static final String DEFAULT_SCENARIO = "examples/flask-json/scenario.yaml";

    @Parameters(paramLabel = "[SCENARIO] [STEP...]", arity = "0..*",
            description = "scenario file (optional), then step names (default: the scenario's default steps)")
    List<String> args = new ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE",
            description = "write the report exactly here (one load step only); default: RESULTS/<time>-<commit>-<step>.json")
    Path report;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "perf-results",
            description = "folder for reports and process logs (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION",
            description = "override every load step's duration (e.g. 1s, 30s)")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "override every load step's warm-up")
    String warmup;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "run each load N times against the same server (warm-up before the first only); the report"
                    + " keeps every repetition, so compare has a distribution (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--history", paramLabel = "DIR",
            description = "also keep each report in DIR/<commit>/ (the baseline folder of compare --baseline)")
    Path history;

    @Option(names = "--baseline", paramLabel = "DIR",
            description = "history folder whose merge-base reports are the baseline of 'vs baseline' gates (default: --history)")
    Path baseline;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the report as a self-contained HTML page (one load step only)")
    Path html;

    @Option(names = {"-q", "--quiet"}, description = "no progress line")
    boolean quiet;

    @Option(names = "--output", paramLabel = "MODE", defaultValue = "prefixed",
            description = "processes' output: prefixed (name | line), raw, or none (default: ${DEFAULT-VALUE})")
    String output;

    @Option(names = {"-v", "--verbose"}, description = "stack traces on errors")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ReportOutput.checkLocations(report, results, html, history);
        List<String> rest = new ArrayList<>(args);
        Path file;
        if (!rest.isEmpty() && looksLikeScenario(rest.get(0))) {
            file = Path.of(rest.remove(0));
        } else {
            file = home().resolve(DEFAULT_SCENARIO);
        }
        Scenario scenario = ScenarioLoader.load(file);
        List<Step> steps = overrides(scenario.select(rest));
        boolean terminal = System.console() != null;
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
        }
        ScenarioRunner.Options options = new ScenarioRunner.Options(System.out, console(terminal), report, results,
                !quiet, terminal, repeat, history, baseline, html);
        System.out.println("perfharness: scenario " + scenario.name() + " (" + file + "), steps "
                + String.join(" ", steps.stream().map(Step::name).toList()));
        ScenarioRunner runner = new ScenarioRunner(scenario, options);
        runner.run(steps);
        if (!runner.gateFailures().isEmpty()) {
            System.out.println("perfharness: " + runner.gateFailures().size() + " gate(s) failed: "
                    + String.join("; ", runner.gateFailures().stream().map(g -> g.message()).toList()));
            return ExitCodes.GATE_FAILED;
        }
        return ExitCodes.OK;
    }

    private Console console(boolean terminal) {
        return switch (output) {
            case "prefixed" -> Console.prefixed(System.out, terminal);
            case "raw" -> Console.raw(System.out);
            case "none" -> Console.silent();
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--output must be prefixed, raw or none, got '" + output + "'");
        };
    }

    private List<Step> overrides(List<Step> steps) {
        if (duration == null && warmup == null) {
            return steps;
        }
        Duration d = parse("--duration", duration);
        Duration w = parse("--warmup", warmup);
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            if (s instanceof Step.Load l) {
                LoadSpec.Builder b = l.load().toBuilder();
                if (d != null) {
                    b.duration(d);
                }
                if (w != null) {
                    b.warmup(w);
                }
                out.add(new Step.Load(l.name(), b.build(), l.services()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private Duration parse(String flag, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), flag + ": " + e.getMessage());
        }
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
