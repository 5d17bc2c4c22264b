package io.perfharness.reports;

import java.util.List;

/**
 * CPU time spent per completed request over a measured window, by the load generator (the client) and by
 * the services under load (the server's whole process tree). On a machine that client and server share,
 * every µs the client spends is taken from the server; and the server's CPU per request is the measure a
 * busy neighbour barely moves (it slows wall-clock throughput, not the work a request takes).
 *
 * @param clientUserMicros   the client's user-mode CPU per request, µs; {@code null} when not measured
 * @param clientSystemMicros the client's kernel-mode CPU per request, µs; {@code null} when not measured
 * @param clientMaxLoopBusy  the busiest load thread's CPU time over the window's length, 0.0 .. 1.0; above
 *                           {@value #SATURATED} the client may have set the pace; {@code null} when not measured
 * @param serviceMicros      the services' process trees' CPU (user + kernel) per request, µs; {@code null}
 *                           without services (a {@code load} of a server started elsewhere) or when not measured
 */
public record CpuCost(Double clientUserMicros, Double clientSystemMicros, Double clientMaxLoopBusy, Double serviceMicros) {

    /** A load thread busy more than this fraction of the window: the load generator may be the bottleneck. */
    public static final double SATURATED = 0.9;

    /** @return the client's CPU per request (user + kernel), µs, or {@code null} */
    public Double clientMicros() {
        return clientUserMicros == null || clientSystemMicros == null ? null : clientUserMicros + clientSystemMicros;
    }

    /** @return true when a load thread was busy more than {@value #SATURATED} of the window */
    public boolean clientSaturated() {
        return clientMaxLoopBusy != null && clientMaxLoopBusy > SATURATED;
    }

    /**
     * @param parts costs with the number of requests each was taken over
     * @return their request-weighted mean, field by field (a field missing in any part is {@code null}); the
     *         busiest loop is the largest of them
     */
    public static CpuCost weighted(List<CpuCost> parts, List<Long> requests) {
        return new CpuCost(mean(parts, requests, CpuCost::clientUserMicros),
                mean(parts, requests, CpuCost::clientSystemMicros),
                parts.stream().anyMatch(p -> p == null || p.clientMaxLoopBusy() == null) ? null
                        : parts.stream().mapToDouble(CpuCost::clientMaxLoopBusy).max().orElse(0),
                mean(parts, requests, CpuCost::serviceMicros));
    }

    private static Double mean(List<CpuCost> parts, List<Long> requests, java.util.function.Function<CpuCost, Double> f) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < parts.size(); i++) {
            CpuCost p = parts.get(i);
            if (p == null || f.apply(p) == null) {
                return null;
            }
            sum += f.apply(p) * requests.get(i);
            n += requests.get(i);
        }
        return n == 0 ? null : sum / n;
    }
}
