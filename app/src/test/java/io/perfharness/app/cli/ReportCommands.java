package io.perfharness.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/**
 * Runs the report commands (compare, merge, trend) through {@link Main#commandLine()} in this JVM,
 * capturing standard output and errors. Adds the commands when Main does not list them yet.
 */
final class ReportCommands {
    final int exitCode;
    final String out;
    final String err;

    private ReportCommands(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static ReportCommands run(String... args) {
        CommandLine cmd = Main.commandLine();
        for (Object sub : new Object[] {new CompareCommand(), new MergeCommand(), new TrendCommand()}) {
            String name = sub.getClass().getAnnotation(CommandLine.Command.class).name();
            if (!cmd.getSubcommands().containsKey(name)) {
                cmd.addSubcommand(sub);
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new ReportCommands(code, out.toString(), err.toString());
    }
}
