package io.perfharness.loadgen;

/**
 * Picks endpoints in proportion to their weights, evenly spread and deterministically: nginx's smooth
 * weighted round-robin (ngx_http_upstream_round_robin.c). Each pick adds every weight to its endpoint's
 * current value, takes the endpoint with the largest (the first on a tie) and subtracts the total from it.
 * Over any {@code k × total} consecutive picks endpoint {@code i} is picked exactly {@code k × weight[i]}
 * times, and within a cycle the picks interleave: weights 5, 1, 1 give {@code a a b a c a a}, not
 * {@code a a a a a b c}. With equal weights it is plain round-robin.
 *
 * <p>Not thread-safe: one per event loop. A pick allocates nothing and costs one pass over the weights.
 */
final class SmoothWeightedRoundRobin {

    private final int[] weights;
    private final long[] current;
    private final long total;

    /** @param weights one per endpoint, each ≥ 1 (at least one) */
    SmoothWeightedRoundRobin(int[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("weights: at least one endpoint is required");
        }
        long sum = 0;
        for (int w : weights) {
            if (w < 1) {
                throw new IllegalArgumentException("weights: each must be ≥ 1, got " + w);
            }
            sum += w;
        }
        this.weights = weights.clone();
        this.current = new long[weights.length];
        this.total = sum;
    }

    /** @return the index of the next endpoint, 0 .. weights − 1 */
    int next() {
        int best = 0;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < weights.length; i++) {
            long c = current[i] + weights[i];
            current[i] = c;
            if (c > max) {
                max = c;
                best = i;
            }
        }
        current[best] -= total;
        return best;
    }
}
