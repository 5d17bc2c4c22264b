package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;

/**
 * One simulated client: a sequence of requests, one at a time, over a connection (a {@link Wire})
 * that is replaced whenever the server closes it, it fails, or a request times out.
 * <p>
 * Confined to its event loop: every method runs on {@link LoopWorker#loop()}. Events from a channel
 * that is no longer the current one (a closed or replaced channel) are ignored, so each request ends
 * exactly once: completed, or failed by kind.
 */
final class ClientConnection implements LoopConnection {

    private static final int IDLE = 0;
    private static final int CONNECTING = 1;
    private static final int AWAITING_RESPONSE = 2;
    /** {@link #fail(int, Throwable)}: the request's time ran out. */
    private static final int TIMED_OUT = -1;
    /** {@link #fail(int, Throwable)}: the TLS handshake failed. */
    private static final int HANDSHAKE_FAILED = -2;

    private final LoopWorker worker;
    private final LoopStats stats;
    private final ResponseParser parser = new ResponseParser();
    private final Runnable nextAfterFailure;

    private Wire channel;
    /** Target whose address {@link #channel} is connected to, -1 if none. */
    private int channelTarget = -1;
    /**
     * The channel {@link #channel} replaced, still to be closed: closing it waits until the next
     * request has been written on the new channel (or has failed), so that the close, a system call
     * with a TCP exchange behind it, is not on the path from one response to the next request.
     */
    private Wire retired;
    /**
     * A registered, unconnected channel made ahead of the next reconnect (only once the server has
     * closed a connection, so never with keep-alive): making and registering a Netty channel (a
     * socket, its options, a pipeline) is a large part of the client's own work in a reconnect, and
     * doing it while a response is awaited takes it off the path from one response to the next
     * request (against gunicorn, connect-to-write went from ~100-170 µs to ~70-95 µs). The server
     * sees nothing of it until it connects. Null if none.
     */
    private Wire spare;
    /** Target whose address family {@link #spare} was made for. */
    private int spareTarget;
    /** The server has closed a connection: keep a {@link #spare}. */
    private boolean reconnects;
    private int nextTarget;

    // the request in progress
    private int state = IDLE;
    private int target;
    /**
     * When the request was due (closed model) or intended by the schedule (open model), ns; latency
     * counts from here. In the open model this is earlier than {@link #sentNanos} whenever the
     * request had to wait for a connection or the timer fired late: counting from the actual send
     * instead would hide exactly the waits a slow server causes (coordinated omission, see wrk2).
     */
    private long startNanos;
    /** When this connection started on the request (connect if needed, then write), ns; service time counts from here. */
    private long sentNanos;
    /** When the request was written (after the connect, if any), ns: wrk's latency counts from here. */
    private long writtenNanos;
    /** {@link #sentNanos} + the request timeout, ns: checked by {@link LoopWorker}'s timeout sweep. */
    private long deadlineNanos;
    /** The response body is being kept for the loop's {@link BodySampler}. */
    private boolean sampled;

    /**
     * @param firstTarget index of the first target to request; later ones are {@link LoopWorker#nextTarget}'s picks
     */
    ClientConnection(LoopWorker worker, int firstTarget) {
        this.worker = worker;
        this.stats = worker.stats();
        this.nextTarget = firstTarget;
        this.nextAfterFailure = () -> worker.onIdle(this, System.nanoTime());
    }

    /** @return true if no request is in progress */
    boolean idle() {
        return state == IDLE;
    }

    /** @return 1: HTTP/1.1 has one request in flight per connection */
    @Override
    public int slots() {
        return 1;
    }

    /**
     * Starts the next request: reuses the channel if it is open to the right address, else
     * connects first. The connect time (and the TLS handshake's) is part of this request's latency.
     *
     * @param startNanos when the request was due (closed model) or intended (open model), ns
     */
    @Override
    public void send(long startNanos) {
        this.startNanos = startNanos;
        sentNanos = System.nanoTime();
        if (worker.measuring(sentNanos)) {
            stats.sent();
        }
        target = nextTarget;
        nextTarget = worker.nextTarget(nextTarget);
        deadlineNanos = sentNanos + worker.timeoutNanos();
        worker.armTimeout(deadlineNanos);
        parser.reset(worker.head(target));
        BodySampler bodies = worker.bodies();
        if (bodies != null) {
            ByteBuf sink = bodies.claim(this, sentNanos);
            if (sink != null) {
                sampled = true;
                parser.captureBody(sink, BodySampler.MAX_BODY);
            }
        }
        if (channel != null && worker.sameAddress(channelTarget, target)) {
            if (channel.isActive()) {
                state = AWAITING_RESPONSE;
                writtenNanos = System.nanoTime();
                Wire w = channel;
                w.write(worker.request(target));
                if (channel == w && state == AWAITING_RESPONSE) { // else the write failed at once
                    afterWrite();
                }
                return;
            }
            if (channel.isConnecting()) { // preconnected: the request goes once connected
                state = CONNECTING;
                channel.write(worker.request(target));
                return;
            }
        }
        retire(detachChannel());
        state = CONNECTING;
        open(target, worker.request(target));
    }

    /** Opens the channel ahead of the first request (open model), without starting a request. */
    @Override
    public void preconnect() {
        if (state == IDLE && channel == null) {
            open(nextTarget, null);
        }
    }

    /**
     * Makes (or takes the spare) and connects a new current channel to target {@code t}.
     *
     * @param request written once connected; null for none
     */
    private void open(int t, ByteBuf request) {
        Wire made = takeSpare(t);
        if (made == null) {
            made = worker.newWire(this, t);
        }
        if (made == null) { // no socket (e.g. out of file descriptors)
            if (state == CONNECTING) {
                fail(CONNECTING, new java.net.SocketException("no socket could be made"));
            }
            return;
        }
        channel = made;
        channelTarget = t;
        made.connect(worker.target(t).address(), request);
    }

    /** @return the {@link #spare} if it suits target {@code t} (closed otherwise), or null; there is no spare after */
    private Wire takeSpare(int t) {
        Wire w = spare;
        spare = null;
        if (w != null && !worker.sameWireKind(spareTarget, t)) {
            w.close();
            return null;
        }
        return w;
    }

    /** {@code w} has connected (with TLS: and its handshake is done), and the request in progress, if any, is written. */
    void onConnected(Wire w) {
        if (w != channel || state != CONNECTING) {
            return;
        }
        state = AWAITING_RESPONSE;
        writtenNanos = System.nanoTime();
        afterWrite();
    }

    /** {@code w} could not connect (refused, reset, no route...), as {@code cause} says. */
    void onConnectFailed(Wire w, Throwable cause) {
        if (w != channel || state != CONNECTING) {
            return;
        }
        fail(CONNECTING, cause);
    }

    /**
     * The TLS handshake of {@code w} has succeeded ({@link #onConnected} follows).
     *
     * @param nanos   from the TCP connect to the handshake's end, ns
     * @param resumed the handshake resumed an earlier session
     */
    void onHandshake(Wire w, long nanos, boolean resumed) {
        if (w == channel && worker.measuring(System.nanoTime())) {
            stats.handshake(nanos, resumed);
        }
    }

    /** The TLS handshake of {@code w} has failed (certificate not trusted, no common protocol, closed...). */
    void onHandshakeFailed(Wire w, Throwable cause) {
        if (w != channel) {
            return;
        }
        if (state == CONNECTING) {
            if (worker.measuring(System.nanoTime())) {
                stats.tlsFailureCause(cause);
            }
            fail(HANDSHAKE_FAILED, cause);
        } else {
            closeChannel(); // a preconnect: the next request reconnects
        }
    }

    /**
     * The request has just been written on the current channel: closes the channel it replaced and,
     * if the server closes connections, makes the spare for the next reconnect.
     */
    private void afterWrite() {
        closeRetired();
        if (reconnects && spare == null) {
            spare = worker.newWire(this, nextTarget); // null if none could be made: the next reconnect makes its own
            spareTarget = nextTarget;
        }
    }

    /** Bytes read from {@code ch}; the caller releases {@code in}. */
    void onData(Wire ch, ByteBuf in) {
        if (ch != channel) {
            return;
        }
        if (state != AWAITING_RESPONSE) {
            closeChannel(); // bytes nobody asked for: the connection is out of step; the next request reconnects
            return;
        }
        int result = parser.parse(in);
        if (result == ResponseParser.COMPLETE) {
            complete(in.isReadable());
        } else if (result == ResponseParser.MALFORMED) {
            fail(AWAITING_RESPONSE, null);
        }
    }

    /**
     * The response has ended: records it and starts the next request.
     *
     * @param extraBytes the server sent more than the response: the connection cannot be reused
     */
    private void complete(boolean extraBytes) {
        long now = System.nanoTime();
        state = IDLE;
        boolean measuring = worker.measuring(now);
        stats.completed();
        if (measuring) {
            stats.latency(now - startNanos);
            stats.fromWrite(now - writtenNanos);
            stats.endpoint(target, now - startNanos, now - writtenNanos);
            if (worker.openModel()) {
                stats.serviceTime(now - sentNanos);
            }
            int status = parser.status();
            if (worker.errorStatus(status)) {
                stats.status(status, target);
            }
        }
        if (sampled) {
            sampled = false;
            BodySampler.Outcome checked = worker.bodies().check(this, parser.bodyTruncated());
            if (measuring && checked != BodySampler.Outcome.UNCHECKED) {
                stats.bodyChecked(checked == BodySampler.Outcome.VALID, target);
            }
        }
        if (parser.keepAlive() && !extraBytes) {
            worker.onIdle(this, now);
            return;
        }
        // e.g. gunicorn sync workers: the next request reconnects, on its own clock
        reconnects = true;
        retire(detachChannel());
        worker.onIdle(this, now);
        if (state == IDLE) {
            closeRetired(); // no request followed
        }
    }

    /** Exception or reset on {@code ch}, as {@code cause} says. */
    void onFailure(Wire ch, Throwable cause) {
        if (ch != channel) {
            return;
        }
        if (state == IDLE) {
            closeChannel(); // nothing lost: the next request reconnects
            return;
        }
        fail(state, cause);
    }

    void onInactive(Wire ch) {
        if (ch != channel) {
            return;
        }
        if (state == AWAITING_RESPONSE) {
            if (parser.closed()) {
                complete(false); // a body delimited by the end of the connection
            } else {
                fail(AWAITING_RESPONSE, null);
            }
        } else if (state == IDLE) {
            closeChannel(); // closed while idle (server-side keep-alive timeout): reconnect on next send
        }
        // CONNECTING: the connect future reports the failure
    }

    /**
     * Called by the loop's timeout sweep: fails the request in progress if its time has run out.
     *
     * @param nowNanos the sweep's time, ns
     * @return the deadline of the request still in progress, or {@link Long#MAX_VALUE} if none
     */
    @Override
    public long checkTimeout(long nowNanos) {
        if (state == IDLE) {
            return Long.MAX_VALUE;
        }
        if (nowNanos - deadlineNanos >= 0) {
            fail(state == CONNECTING ? CONNECTING : TIMED_OUT, null);
            return Long.MAX_VALUE;
        }
        return deadlineNanos;
    }

    /**
     * Ends the request in progress as failed and starts the next one on a fresh channel.
     *
     * @param during the state the request failed in, or {@link #TIMED_OUT}
     * @param cause  what failed, or null if nothing was thrown (a timeout, no socket, a malformed response)
     */
    private void fail(int during, Throwable cause) {
        long now = System.nanoTime();
        if (worker.measuring(now)) {
            if (during == CONNECTING) {
                stats.connectFailed(target);
                stats.connectFailureCause(cause);
            } else if (during == TIMED_OUT) {
                stats.timedOut(target);
            } else if (during == HANDSHAKE_FAILED) {
                stats.tlsFailed(target);
            } else {
                stats.ioFailed(target);
            }
        }
        state = IDLE;
        releaseSample();
        closeChannel();
        closeRetired();
        // not inline: a connect can fail synchronously, and retrying inline would recurse
        worker.loop().execute(nextAfterFailure);
    }

    /** Stops without counting anything: closes the channel. */
    @Override
    public void abort() {
        state = IDLE;
        releaseSample();
        closeChannel();
        closeRetired();
        if (spare != null) {
            spare.close();
            spare = null;
        }
    }

    /** @return the current channel (or null), which is no longer current */
    private Wire detachChannel() {
        Wire c = channel;
        channel = null;
        channelTarget = -1;
        return c;
    }

    private void releaseSample() {
        if (sampled) {
            sampled = false;
            worker.bodies().release(this);
        }
    }

    private void retire(Wire c) {
        if (c != null) {
            closeRetired(); // at most one waits
            retired = c;
        }
    }

    private void closeRetired() {
        Wire c = retired;
        if (c != null) {
            retired = null;
            c.close();
        }
    }

    private void closeChannel() {
        Wire c = detachChannel();
        if (c != null) {
            c.close();
        }
    }
}
