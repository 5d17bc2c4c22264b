package io.perfharness.loadgen;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's part of a staged load ({@link LoadSpec#stages()}). Open model: the loop's intended send
 * times, from the integral of the stages' rate. Closed model: which of the loop's connections send, changed on
 * a timer as the stages' connections change; a connection no longer wanted finishes its request, then stops
 * and closes. Loop thread only, except {@link #activeConnections()}.
 */
final class LoopStages {

    private final LoopWorker worker;
    private final StageSchedule schedule;
    /** Open model: this loop's share of the requests (its share of the connections) and the offset of its schedule. */
    private final double share;
    private final double phase;
    // closed model
    private final List<ClientConnection> connections;
    /** The global index of each of this loop's connections, ascending: connection j sends while its index is below the stages' connections. */
    private final int[] ids;
    private final Map<ClientConnection, Integer> localIndex = new IdentityHashMap<>();
    /** Connection j has stopped (it finished its last request and was closed). */
    private final boolean[] parked;
    /** Connections 0 .. activeLocal - 1 of this loop are to send. */
    private int activeLocal;
    /** Connections not parked (those leaving still finish their request); written on the loop, read by the sampler. */
    private volatile int active;
    private final Runnable change = this::applyConnections;
    private ScheduledFuture<?> nextChange;

    /**
     * @param connections this loop's connections, whose global indexes are {@code ids}
     * @param index       the loop's index, 0 .. {@code spec.threads() - 1}
     */
    LoopStages(LoopWorker worker, LoadSpec spec, List<ClientConnection> connections, List<Integer> ids, int index) {
        this.worker = worker;
        this.schedule = new StageSchedule(spec.stages());
        this.share = (double) ids.size() / spec.connections();
        this.phase = (double) index / spec.threads();
        this.connections = connections;
        this.ids = ids.stream().mapToInt(Integer::intValue).toArray();
        this.parked = new boolean[connections.size()];
        java.util.Arrays.fill(parked, true);
        for (int j = 0; j < connections.size(); j++) {
            localIndex.put(connections.get(j), j);
        }
    }

    /** @return the stages' highest rate (requests/s) or connections */
    double max() {
        return schedule.max();
    }

    /**
     * Open model: the {@code k}-th intended send time of this loop, ns, or {@link Long#MAX_VALUE} if there is none
     * (yet). The whole load's schedule sends its n-th request when the integral of the rate reaches n: the first
     * stage's rate held from the start of the load until the measured window, then the stages from the window's
     * start. This loop sends every request whose n is {@code (k + phase) / share}, so the loops together follow the
     * integral to within one request each; computed from the origin each time, it does not drift. Until the
     * window's start is known only the warm-up part is ({@link LoopWorker#measure} recomputes).
     *
     * @param originNanos      when the load started, {@link System#nanoTime()} ns
     * @param windowStartNanos when the measured window starts, ns; {@link Long#MAX_VALUE} while unknown
     */
    long intended(long k, long originNanos, long windowStartNanos) {
        double n = (k + phase) / share;
        double held = schedule.first();
        double warm = windowStartNanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY
                : held * Math.max(0, windowStartNanos - originNanos) / 1e9;
        if (n < warm) {
            return held > 0 ? originNanos + (long) (n / held * 1e9) : Long.MAX_VALUE;
        }
        double s = schedule.timeOfIntegral(n - warm);
        return s == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : windowStartNanos + (long) (s * 1e9);
    }

    /**
     * Closed model: starts the connections the stages want now and lets those beyond finish their request and
     * stop ({@link #parkIfRetired}), then sets the timer for the next change. The warm-up holds the first
     * stage's connections.
     */
    void applyConnections() {
        nextChange = null;
        if (worker.stopped()) {
            return;
        }
        long now = System.nanoTime();
        long windowStart = worker.windowStartNanos();
        int target;
        long next;
        if (windowStart == Long.MAX_VALUE || now < windowStart) {
            target = (int) Math.floor(schedule.first() + 0.5);
            next = windowStart;
        } else {
            double s = (now - windowStart) / 1e9;
            target = schedule.connectionsAt(s);
            double c = schedule.nextConnectionChange(s);
            next = c == Double.POSITIVE_INFINITY ? Long.MAX_VALUE : windowStart + (long) Math.ceil(c * 1e9);
        }
        int n = 0;
        while (n < ids.length && ids[n] < target) {
            n++;
        }
        activeLocal = n;
        for (int j = 0; j < n; j++) {
            if (parked[j]) {
                parked[j] = false;
                active++;
                connections.get(j).send(now);
            }
        }
        if (next != Long.MAX_VALUE && next < worker.windowEndNanos()) {
            nextChange = worker.loop().schedule(change, Math.max(0, next - now), TimeUnit.NANOSECONDS);
        }
    }

    /** Closed model: the measured window is known; recomputes the connections and the next change. */
    void restage() {
        cancel();
        applyConnections();
    }

    /** Closed model: {@code c} has finished a request; stops it if the stages no longer want it. @return true if stopped */
    boolean parkIfRetired(ClientConnection c) {
        int j = localIndex.get(c);
        if (j < activeLocal) {
            return false;
        }
        parked[j] = true;
        active--;
        c.abort(); // closes its connection: the server sees one fewer
        return true;
    }

    /** Any thread. @return closed model: connections sending, or finishing their last request, now */
    int activeConnections() {
        return active;
    }

    /** Cancels the timer of the next change. */
    void cancel() {
        if (nextChange != null) {
            nextChange.cancel(false);
            nextChange = null;
        }
    }
}
