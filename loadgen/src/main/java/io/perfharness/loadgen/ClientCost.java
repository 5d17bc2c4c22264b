package io.perfharness.loadgen;

import java.util.List;
import java.util.Locale;

/**
 * What the load generator itself spent over the measured window: the CPU time of its whole process
 * (event loops, JIT compiler, GC, everything) and how busy each event loop's thread was. On a machine
 * where the client and the server share a few cores, every µs here is taken from the server; and a
 * loop thread busy nearly all the window means the client, not the server, set the pace.
 * <pre>{@code
 * ClientCost c = result.cost();
 * System.out.printf("%.1f µs CPU per request%n", c.cpuMicrosPerRequest());
 * if (c.saturated()) System.out.println(c.warning());
 * }</pre>
 *
 * @param windowSeconds  length of the window the times were taken over, s (the measured window)
 * @param requests       completed responses in that window (as {@link LoadResult#requests()})
 * @param userSeconds    user-mode CPU time of the client's process over the window, s (all threads).
 *                       Read from {@code /proc/self/stat} (10 ms resolution); where there is no
 *                       {@code /proc}, the JVM's process CPU time, with {@code systemSeconds} 0
 * @param systemSeconds  kernel-mode CPU time of the client's process over the window, s
 * @param loopBusy       per event loop, in loop order: its thread's CPU time (user + kernel) over the
 *                       window divided by the window's length, 0.0 .. 1.0 (a fraction, like top's
 *                       %CPU / 100); empty if the JVM cannot measure thread CPU time
 */
public record ClientCost(double windowSeconds, long requests, double userSeconds, double systemSeconds,
                         List<Double> loopBusy) {

    /** A loop thread busy more than this fraction of the window makes the run {@link #saturated()}. */
    public static final double SATURATED_BUSY = 0.9;

    /** Nothing measured (no window): zero times, no loops. */
    public static final ClientCost NONE = new ClientCost(0, 0, 0, 0, List.of());

    public ClientCost {
        loopBusy = List.copyOf(loopBusy);
    }

    /** @return user + system CPU time over the window, s */
    public double cpuSeconds() {
        return userSeconds + systemSeconds;
    }

    /** @return user-mode CPU time per completed request, µs (0 without requests) */
    public double userMicrosPerRequest() {
        return perRequest(userSeconds);
    }

    /** @return kernel-mode CPU time per completed request, µs (0 without requests) */
    public double systemMicrosPerRequest() {
        return perRequest(systemSeconds);
    }

    /** @return user + system CPU time per completed request, µs (0 without requests) */
    public double cpuMicrosPerRequest() {
        return perRequest(cpuSeconds());
    }

    /** @return the busiest loop thread's busy fraction, 0.0 .. 1.0 (0 if none measured) */
    public double maxLoopBusy() {
        double max = 0;
        for (double b : loopBusy) {
            max = Math.max(max, b);
        }
        return max;
    }

    /** @return true if a loop thread was busy more than {@link #SATURATED_BUSY} of the window */
    public boolean saturated() {
        return maxLoopBusy() > SATURATED_BUSY;
    }

    /** @return a one-line warning if {@link #saturated()}, else an empty string */
    public String warning() {
        if (!saturated()) {
            return "";
        }
        return String.format(Locale.ROOT, "warning: a load thread was busy %.0f%% of the measured window: "
                + "the load generator may be the bottleneck", maxLoopBusy() * 100);
    }

    private double perRequest(double seconds) {
        return requests > 0 ? seconds * 1e6 / requests : 0;
    }
}
