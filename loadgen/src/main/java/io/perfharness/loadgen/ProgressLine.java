package io.perfharness.loadgen;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a progress line per second: in place ({@code \r} + erase line) when the output is a
 * terminal, plain lines otherwise, e.g.
 * <pre>
 *   3s      12,345 req    4,101 req/s  p99    1.234 ms  errors 0
 * </pre>
 */
public final class ProgressLine implements ProgressListener {

    private static final String ERASE_LINE = "\r\033[2K";

    private final PrintStream out;
    private final boolean inPlace;

    /**
     * @param out     where to print
     * @param inPlace rewrite one line ({@code \r} + ANSI erase line) instead of printing one per second
     */
    public ProgressLine(PrintStream out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /** @return a progress line on {@code System.out}, in place when it is a terminal ({@code System.console() != null}) */
    public static ProgressLine stdout() {
        return new ProgressLine(System.out, System.console() != null);
    }

    @Override
    public void onProgress(Progress p) {
        String line = format(p);
        if (inPlace) {
            out.print(ERASE_LINE + line);
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public void onFinish(LoadResult r) {
        if (inPlace) {
            out.println();
            out.flush();
        }
    }

    static String format(Progress p) {
        return String.format(Locale.ROOT, "%4.0fs %,11d req %,8.0f req/s  p99 %8.3f ms  errors %,d",
                p.elapsed().toMillis() / 1000.0, p.requests(), p.requestsPerSecond(), p.p99Micros() / 1000.0,
                p.errors());
    }
}
