package io.perfharness.harness.process;

import java.io.PrintStream;

/**
 * Where the output of managed processes is shown: every line prefixed with the process name, padded
 * to a common width and coloured on a terminal (like honcho or foreman), in arrival order. Thread-safe.
 */
public final class Console {
    private static final String[] COLOURS = {"\u001b[36m", "\u001b[33m", "\u001b[32m", "\u001b[35m", "\u001b[34m", "\u001b[31m"};
    private static final String RESET = "\u001b[0m";

    private final PrintStream out;
    private final boolean colour;
    private final boolean prefix;
    private volatile int width;
    private int nextColour;

    private Console(PrintStream out, boolean colour, boolean prefix) {
        this.out = out;
        this.colour = colour;
        this.prefix = prefix;
    }

    /** Prefixed lines on {@code out}; coloured when {@code colour}. */
    public static Console prefixed(PrintStream out, boolean colour) {
        return new Console(out, colour, true);
    }

    /** Raw lines on {@code out}, exactly as the process printed them. */
    public static Console raw(PrintStream out) {
        return new Console(out, false, false);
    }

    /** Output is dropped (still logged and kept for error messages). */
    public static Console silent() {
        return new Console(null, false, false);
    }

    /** Makes every prefix at least {@code names} characters wide. */
    public void padTo(int names) {
        width = Math.max(width, names);
    }

    synchronized String colourFor(String name) {
        return colour ? COLOURS[nextColour++ % COLOURS.length] : "";
    }

    void print(String name, String colourCode, String line) {
        if (out == null) {
            return;
        }
        if (!prefix) {
            synchronized (this) {
                out.println(line);
            }
            return;
        }
        String padded = String.format("%-" + Math.max(1, width) + "s", name);
        synchronized (this) {
            if (colour) {
                out.println(colourCode + padded + " | " + RESET + line);
            } else {
                out.println(padded + " | " + line);
            }
        }
    }
}
