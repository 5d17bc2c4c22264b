package io.perfharness.app.cli;

import java.io.PrintWriter;

import io.perfharness.reports.io.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code perfharness}: start servers, know when they are ready, load them, record honest latencies,
 * stop every process. Exit codes: see {@link ExitCodes}.
 */
@Command(name = "perfharness", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Starts servers, waits until they are ready, loads them, records latency histograms, "
                + "and stops every process it started.",
        subcommands = {RunCommand.class, LoadCommand.class, CompareCommand.class, MergeCommand.class, TrendCommand.class,
                AbCommand.class, BisectCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nThe ./perfharness launcher also runs the JMH benchmarks and cluster runs (their own jars):%n",
        footer = {"  ./perfharness bench [REGEX] [-- JMH options]", "    runs them and writes perf-results/jmh-<time>.json",
                "  ./perfharness cluster run [SCENARIO] [STEP] --agents N --engine ENGINE",
                "    more load than one machine (./perfharness cluster run --help)",
                "", "Exit codes:", "  0  success", "  1  a performance gate or regression failed",
                "  2  usage or input error (flags, scenario, report files)",
                "  3  a process or run failed (did not start, died, timed out, a step failed)",
                "  4  inconclusive: no verdict could be reached (a 'vs baseline' gate, ab)",
                "  70 internal error: a bug in perfharness (printed with its stack trace)"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, load, compare, merge or trend (see --help)");
    }

    /** @return the command line, configured with exit codes and one-line error messages */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExitCodeExceptionMapper(new ExitCodes());
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            PrintWriter err = commandLine.getErr();
            commandLine.getOut().flush();
            if (io.perfharness.app.run.Interruption.requested()) {
                // a signal stopped the run; its handler says so and exits 128 + the signal number
                return ExitCodes.RUN_FAILED; // main() then waits for the handler's halt
            }
            int code = ExitCodes.of(ex);
            if (code == ExitCodes.INTERNAL) {
                // not the user's input: a bug. Say so, and show where.
                err.println("perfharness: internal error (a bug in perfharness, exit " + code + "; please report it with"
                        + " this output): " + ex);
                ex.printStackTrace(err);
            } else {
                err.println("perfharness: " + message(ex));
                if (verbose) {
                    ex.printStackTrace(err);
                }
            }
            err.flush();
            return code;
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("perfharness: " + TerminalText.escape(ex.getMessage()));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cmd;
    }

    /** @return the one line shown for {@code t}: its message, escaped so that text from inputs cannot act on the terminal */
    static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? "unexpected error with no message (run with --verbose for the stack trace)"
                : TerminalText.escape(m);
    }

    public static void main(String[] args) {
        run(commandLine(), args);
    }

    /**
     * Runs {@code cmd} as the {@code perfharness} process: signal handlers, the exit code, {@code System.exit}.
     * The cluster jar's entry point calls it with its own subcommand added.
     */
    public static void run(CommandLine cmd, String[] args) {
        io.perfharness.app.run.Interruption.runOn(Thread.currentThread());
        onSignalStopEverything("INT");
        onSignalStopEverything("TERM");
        int code = cmd.execute(args);
        if (io.perfharness.app.run.Interruption.requested()) {
            // a SIGINT/SIGTERM handler is stopping every process; it ends the JVM with 130/143, not this thread
            code = io.perfharness.app.run.Interruption.awaitHandler(java.time.Duration.ofMinutes(10));
        }
        System.out.flush();
        System.exit(code);
    }

    /**
     * On SIGINT or SIGTERM: stop the load and every later write ({@link io.perfharness.app.run.Interruption}),
     * stop every process tree this JVM started, then exit 128 + the signal number (130, 143) at once. A
     * report is only ever written whole, so an interrupted load leaves none rather than a partial one.
     */
    @SuppressWarnings("removal")
    private static void onSignalStopEverything(String name) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                try {
                    System.out.flush();
                    System.err.println();
                    System.err.println("perfharness: SIG" + name + " received: stopping the load (no report is written)"
                            + " and every process it started");
                    io.perfharness.app.run.Interruption.request(128 + sig.getNumber());
                    io.perfharness.harness.process.ManagedProcess.stopAllLive();
                    System.out.flush();
                    System.err.flush();
                } finally {
                    // whatever a stop threw: the command's thread waits for this halt (Interruption.awaitHandler)
                    Runtime.getRuntime().halt(128 + sig.getNumber());
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // the signal is not available here; the JVM shutdown hook still stops every process
        }
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
