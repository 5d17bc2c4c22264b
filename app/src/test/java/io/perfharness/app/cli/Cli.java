package io.perfharness.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in this JVM, capturing what it prints as errors and what it prints to its output. */
final class Cli {
    final int exitCode;
    final String err;
    final long millis;
    /** What the command printed to picocli's output. */
    final String out;

    private Cli(int exitCode, String err, long millis, String out) {
        this.exitCode = exitCode;
        this.err = err;
        this.millis = millis;
        this.out = out;
    }

    static Cli run(String... args) {
        StringWriter err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        long t0 = System.nanoTime();
        int code = cmd.execute(args);
        return new Cli(code, err.toString(), (System.nanoTime() - t0) / 1_000_000, out.toString());
    }
}
