package io.perfharness.loadgen;

/**
 * What one interval of {@link LoadResult#intervals()} asked for and counted besides its latencies.
 *
 * @param stage             index of the stage of {@link LoadSpec#stages()} the interval belongs to (intervals are cut
 *                          at stage ends, so each belongs to one), or -1 for a load without stages
 * @param target            the load asked for, as a mean over the interval: requests/s in the open model, connections
 *                          in the closed model (≥ 0)
 * @param sent              requests started in the interval
 * @param errors            requests that failed in the interval, every kind
 * @param dropped           open model: requests that came due in the interval and were dropped; 0 in the closed model
 * @param activeConnections closed model: connections sending, or finishing their last request, at the interval's end;
 *                          -1 in the open model
 */
public record IntervalCounts(int stage, double target, long sent, long errors, long dropped, int activeConnections) {
}
