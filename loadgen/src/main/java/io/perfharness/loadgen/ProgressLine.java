package io.perfharness.loadgen;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a progress line per second: in place ({@code \r} + erase line) when the output is a
 * terminal, plain lines otherwise, e.g.
 * <pre>
 *   3s      12,345 req    4,101 req/s  p99    1.234 ms  errors 0
 * </pre>
 * and when the run has finished, the client's own cost ({@link #cost(LoadResult)}) and, if a load
 * thread was nearly always busy, {@link ClientCost#warning()}.
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

    /** Ends the line in place, then prints {@link #cost(LoadResult)} (and its warning, if any). */
    @Override
    public void onFinish(LoadResult r) {
        if (inPlace) {
            out.println();
        }
        out.println(cost(r));
        if (r.cost().saturated()) {
            out.println(r.cost().warning());
        }
        out.flush();
    }

    /**
     * @return e.g. {@code client CPU 102.3 us/req (user 31.0, sys 71.3), load threads busy 41% 40%;
     *         p50 from write 0.372 ms; warm-up 1.5 s}, or {@code client CPU n/a (no response in the measured
     *         window); warm-up 1.5 s} when nothing completed (a per-request cost of 0 requests is not 0)
     */
    static String cost(LoadResult r) {
        ClientCost c = r.cost();
        if (c.requests() == 0) {
            return String.format(Locale.ROOT, "client CPU n/a (no response in the measured window); warm-up %.1f s",
                    r.warmupSeconds());
        }
        StringBuilder busy = new StringBuilder();
        for (double b : c.loopBusy()) {
            busy.append(String.format(Locale.ROOT, " %.0f%%", b * 100));
        }
        return String.format(Locale.ROOT, "client CPU %.1f us/req (user %.1f, sys %.1f), load threads busy%s; "
                        + "p50 from write %.3f ms; warm-up %.1f s",
                c.cpuMicrosPerRequest(), c.userMicrosPerRequest(), c.systemMicrosPerRequest(),
                busy.length() == 0 ? " n/a" : busy, r.fromWriteMicros().getValueAtPercentile(50) / 1000.0,
                r.warmupSeconds());
    }

    static String format(Progress p) {
        return String.format(Locale.ROOT, "%4.0fs %,11d req %,8.0f req/s  p99 %8.3f ms  errors %,d",
                p.elapsed().toMillis() / 1000.0, p.requests(), p.requestsPerSecond(), p.p99Micros() / 1000.0,
                p.errors());
    }
}
