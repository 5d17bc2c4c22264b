import io.perfharness.loadgen.LoadGenerator;
import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.loadgen.ProgressListener;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Runs one load through the loadgen API and prints the p50 and p99 of every second of the measured
 * window (the result's interval histograms, the same ones the .hlog holds), then the whole window's.
 * Run from the repository root, after building the jar:
 * <pre>
 *   java -cp app/target/perfharness.jar bench/scripts/IntervalPercentiles.java URL CONNECTIONS SECONDS [RATE]
 * </pre>
 * RATE (requests/s in total) selects the open model; without it the load is closed-model. One event
 * loop, 1 s warm-up, 5 s timeout. Used by loadgen-vs-peers.sh (latency accuracy) until the CLI
 * writes the .hlog itself.
 */
public final class IntervalPercentiles {
    public static void main(String[] args) {
        URI url = URI.create(args[0]);
        int connections = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Double rate = args.length > 3 ? Double.valueOf(args[3]) : null;
        LoadSpec spec = LoadSpec.builder(url).connections(connections).threads(1)
                .duration(Duration.ofSeconds(seconds)).rate(rate).build();
        LoadResult r = LoadGenerator.run(spec, ProgressListener.NONE);
        StringBuilder p99s = new StringBuilder();
        int second = 0;
        for (Histogram h : r.intervals()) {
            second++;
            System.out.printf(Locale.ROOT, "    second %d: %5d responses  p50 %8.2f ms  p99 %8.2f ms%n", second,
                    h.getTotalCount(), ms(h, 50), ms(h, 99));
            p99s.append(p99s.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", ms(h, 99)));
        }
        System.out.printf(Locale.ROOT, "    whole window: %d responses (%.0f req/s), %d dropped, %d errors, p50 %.2f ms, p99 %.2f ms%n",
                r.requests(), r.requestsPerSecond(), r.dropped(), r.errors().total(),
                ms(r.latencyMicros(), 50), ms(r.latencyMicros(), 99));
        System.out.println("    p99 by second (ms): " + p99s);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
