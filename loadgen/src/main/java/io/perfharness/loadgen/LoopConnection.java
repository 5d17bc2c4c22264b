package io.perfharness.loadgen;

/**
 * What a {@link LoopWorker} schedules requests on: an HTTP/1.1 {@link ClientConnection} (one request at a
 * time) or an HTTP/2 {@link H2Connection} (up to {@link #slots()} requests at a time, one per stream).
 * Confined to the worker's loop. Each request ends exactly once, completed or failed, and then the
 * connection calls {@link LoopWorker#onIdle} with itself: a slot is free again.
 */
interface LoopConnection {

    /** @return requests this connection can have in flight at once, ≥ 1 */
    int slots();

    /**
     * Starts a request on a free slot; only when one is free (the worker counts them: {@link #slots()}
     * at the start, one more per {@link LoopWorker#onIdle}).
     *
     * @param startNanos when the request was due (closed model) or intended (open model), ns
     */
    void send(long startNanos);

    /** Opens the connection ahead of the first request (open model), without starting a request. */
    void preconnect();

    /**
     * Called by the loop's timeout sweep: fails the requests in progress whose time has run out.
     *
     * @param nowNanos the sweep's time, ns
     * @return the earliest deadline of the requests still in progress, or {@link Long#MAX_VALUE} if none
     */
    long checkTimeout(long nowNanos);

    /** Stops without counting anything: closes the connection. */
    void abort();
}
