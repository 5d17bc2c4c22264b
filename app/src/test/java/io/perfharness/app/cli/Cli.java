package io.perfharness.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in this JVM, capturing what it prints as errors. */
final class Cli {
    final int exitCode;
    final String err;
    final long millis;

    private Cli(int exitCode, String err, long millis) {
        this.exitCode = exitCode;
        this.err = err;
        this.millis = millis;
    }

    static Cli run(String... args) {
        StringWriter err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        long t0 = System.nanoTime();
        int code = cmd.execute(args);
        return new Cli(code, err.toString(), (System.nanoTime() - t0) / 1_000_000);
    }
}
