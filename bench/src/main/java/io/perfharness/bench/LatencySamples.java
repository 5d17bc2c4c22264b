package io.perfharness.bench;

import java.util.SplittableRandom;

/**
 * Made-up but plausible request latencies for benchmarks that record or encode histograms: a
 * log-normal body around 1 ms (what the default Flask target answers in on loopback) with 1% of
 * slow outliers up to ~50 ms, so histograms fill as many buckets as real ones do.
 */
public final class LatencySamples {

    private LatencySamples() {
    }

    /**
     * @param n    how many (≥ 1)
     * @param seed random seed: the same seed gives the same values
     * @return {@code n} latencies in µs, each in 50 µs .. ~50,000 µs
     */
    public static long[] micros(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            // log-normal via the sum of 12 uniforms (≈ standard normal), median 1000 µs, sigma 0.5
            double normal = -6;
            for (int k = 0; k < 12; k++) {
                normal += random.nextDouble();
            }
            double micros = 1000 * Math.exp(0.5 * normal);
            if (random.nextInt(100) == 0) {
                micros *= 5 + random.nextDouble() * 45; // outlier: GC pause, worker busy, retransmit
            }
            values[i] = Math.max(50, Math.min(50_000, Math.round(micros)));
        }
        return values;
    }
}
