package io.perfharness.app.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import io.perfharness.app.run.ScenarioRunner;
import io.perfharness.harness.process.Console;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the commands that start a scenario's services and judge its gates share: {@code run} and {@code cluster run}. */
final class ServiceRunOptions {

    @Option(names = "--baseline", paramLabel = "DIR", order = 50,
            description = "history folder whose merge-base reports are the baseline of 'vs baseline' gates (default: --history)")
    Path baseline;

    @Mixin
    BaselineOptions git = new BaselineOptions();

    @Option(names = "--output", paramLabel = "MODE", defaultValue = "prefixed", order = 70,
            description = "processes' output: prefixed (name | line), raw, or none (default: ${DEFAULT-VALUE})")
    String processOutput;

    /** @return where 'vs baseline' gates find their baseline: {@code --baseline}, else {@code history} */
    ScenarioRunner.Baseline baseline(Path history) {
        return new ScenarioRunner.Baseline(baseline != null ? baseline : history, git.repo, git.mainBranch);
    }

    /** @return the console the processes' output goes to, as {@code --output} says */
    Console console(CommandLine.Model.CommandSpec spec, PrintStream out, boolean terminal) {
        return switch (processOutput) {
            case "prefixed" -> Console.prefixed(out, terminal);
            case "raw" -> Console.raw(out);
            case "none" -> Console.silent();
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--output must be prefixed, raw or none, got '" + processOutput + "'");
        };
    }
}
