package io.perfharness.harness.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code perfharness}: start servers, know when they are ready, load them, record honest latencies,
 * stop every process. Exit codes: see {@link ExitCodes}.
 */
@Command(name = "perfharness", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Starts servers, waits until they are ready, loads them, records latency histograms, "
                + "and stops every process it started.",
        subcommands = {RunCommand.class, LoadCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  a performance gate or regression failed",
                "  2  usage or input error (flags, scenario, report files)",
                "  3  a process or run failed (did not start, died, timed out, a step failed)"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run or load (see --help)");
    }

    /** @return the command line, configured with exit codes and one-line error messages */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExitCodeExceptionMapper(new ExitCodes());
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            PrintWriter err = commandLine.getErr();
            err.println("perfharness: " + message(ex));
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.of(ex);
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("perfharness: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cmd;
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"perfharness " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
