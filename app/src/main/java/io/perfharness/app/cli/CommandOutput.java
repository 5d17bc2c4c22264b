package io.perfharness.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The command's own writer ({@code CommandLine.getOut()}) as the {@link PrintStream} that the run code,
 * the progress line and the process console write to, so that all of a command's output goes one way
 * (and a test that sets the writer sees all of it).
 */
final class CommandOutput {
    private CommandOutput() {
    }

    /** @return a UTF-8 stream over {@code writer}; bytes are decoded whole at each flush (println flushes) */
    static PrintStream of(PrintWriter writer) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public void flush() {
                writer.write(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                writer.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
