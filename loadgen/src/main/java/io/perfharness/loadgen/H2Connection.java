package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayDeque;

/**
 * One simulated HTTP/2 client: up to {@link #slots()} requests in flight at once, each on its own stream
 * of one connection (an {@link H2Handler}) that is replaced when it closes, fails or the server sends
 * GOAWAY. Each request is measured as {@link ClientConnection} measures its one: latency from when it
 * was due or intended, service time from when this connection started on it, and from its write.
 * <p>
 * A request that cannot be written yet (connecting, or the server's SETTINGS_MAX_CONCURRENT_STREAMS
 * reached) waits here, on its own clock; so does one waiting for the TLS handshake, which with the
 * connect is part of its latency. Errors by kind: the handshake failed or ALPN did not select h2
 * ({@code tls}); the server reset its stream ({@code reset}); it
 * was lost to a GOAWAY ({@code goaway}): refused by one with an error code, or cut off when the
 * connection closed after one. Streams a graceful GOAWAY (NO_ERROR) refused were never processed
 * (RFC 9113 §6.8) and are sent again on a new connection, still counted from when they were due.
 * <p>
 * Confined to its event loop.
 */
final class H2Connection implements LoopConnection {

    private static final int FREE = 0;
    /** Waiting to be written: the connection is connecting, or the server allows no more streams now. */
    private static final int WAITING = 1;
    /** Written, its response awaited. */
    private static final int OPEN = 2;

    /** One request's state; a slot is reused request after request. */
    static final class Slot {
        int state = FREE;
        int target;
        int streamId;
        H2Handler handler;
        long startNanos;
        long sentNanos;
        long writtenNanos;
        long deadlineNanos;
        int status;
        /** Where the response body is copied for the loop's {@link BodySampler}, or null if not sampled. */
        ByteBuf sink;
        /** The sampled body was longer than {@link BodySampler#MAX_BODY}. */
        boolean truncated;
    }

    private final LoopWorker worker;
    private final LoopStats stats;
    private final H2Request[] requests;
    private final Slot[] slots;
    private final ArrayDeque<Slot> free = new ArrayDeque<>();
    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
    /** Failed requests whose slots are still to be handed back to the worker (not inline: a connect may fail synchronously). */
    private int toRestart;
    private final Runnable restart = this::restart;

    /** The connection new streams go to, or null. */
    private H2Handler handler;
    /** A connection the server sent GOAWAY on, finishing the streams it accepted; null if none. */
    private H2Handler draining;
    private int nextTarget;

    /**
     * @param requests    the loop's encoded request per target (all of one address: {@link LoadSpec#h2()})
     * @param firstTarget index of the first target to request; later ones follow round-robin
     * @param streams     requests in flight at most, ≥ 1
     */
    H2Connection(LoopWorker worker, H2Request[] requests, int firstTarget, int streams) {
        this.worker = worker;
        this.stats = worker.stats();
        this.requests = requests;
        this.nextTarget = firstTarget;
        this.slots = new Slot[streams];
        for (int i = 0; i < streams; i++) {
            slots[i] = new Slot();
            free.addLast(slots[i]);
        }
    }

    @Override
    public int slots() {
        return slots.length;
    }

    @Override
    public void send(long startNanos) {
        Slot s = free.pollFirst();
        if (s == null) {
            throw new IllegalStateException("a request was sent to an HTTP/2 connection with no free stream");
        }
        s.startNanos = startNanos;
        s.sentNanos = System.nanoTime();
        if (worker.measuring(s.sentNanos)) {
            stats.sent();
        }
        s.target = nextTarget;
        nextTarget = worker.nextTarget(nextTarget);
        s.deadlineNanos = s.sentNanos + worker.timeoutNanos();
        worker.armTimeout(s.deadlineNanos);
        s.status = 0;
        BodySampler bodies = worker.bodies();
        s.sink = bodies == null ? null : bodies.claim(s, s.sentNanos);
        s.truncated = false;
        dispatch(s);
    }

    /** Writes {@code s} on the current connection (opening one if need be), or lets it wait. */
    private void dispatch(Slot s) {
        if (handler == null || !handler.isConnecting() && !handler.usable()) {
            replaceHandler();
        }
        if (handler == null) { // no socket could be made
            s.state = WAITING;
            fail(s, Kind.CONNECT);
            return;
        }
        if (handler.isConnecting() || !handler.canOpenStream() || !waiting.isEmpty()) {
            s.state = WAITING;
            waiting.addLast(s);
            return;
        }
        write(s);
    }

    private void write(Slot s) {
        s.state = OPEN;
        s.handler = handler;
        s.writtenNanos = System.nanoTime();
        s.streamId = handler.write(requests[s.target], s);
    }

    /** Writes the waiting requests the current connection can take now. */
    private void drainWaiting() {
        while (!waiting.isEmpty() && handler != null && handler.usable() && handler.canOpenStream()) {
            write(waiting.pollFirst());
        }
    }

    @Override
    public void preconnect() {
        if (handler == null) {
            replaceHandler();
        }
    }

    /** Opens a new current connection; the old one, if any, drains its streams or is closed. */
    private void replaceHandler() {
        H2Handler old = handler;
        handler = null;
        if (old != null) {
            retire(old);
        }
        H2Handler made = worker.newH2Connection(this, nextTarget);
        handler = made;
        if (made != null) {
            made.connect(worker.target(nextTarget).address()); // may report at once: handler is set first
        }
    }

    /** {@code h} takes no new streams: it finishes those it has, then closes. */
    private void retire(H2Handler h) {
        if (h.streams.isEmpty()) {
            h.close();
            return;
        }
        if (draining != null && draining != h) {
            failAll(draining, Kind.GOAWAY);
            draining.close();
        }
        draining = h;
    }

    void onConnected(H2Handler h, boolean success) {
        if (h != handler) {
            return;
        }
        if (success) {
            drainWaiting();
            return;
        }
        handler = null;
        h.close();
        failWaiting(Kind.CONNECT);
    }

    /**
     * The TLS handshake of {@code h} succeeded with h2 ({@link #onConnected} follows).
     *
     * @param nanos   from the TCP connect to the handshake's end, ns
     * @param resumed the handshake resumed an earlier session
     */
    void onHandshake(H2Handler h, long nanos, boolean resumed) {
        if (h == handler && worker.measuring(System.nanoTime())) {
            stats.handshake(nanos, resumed);
        }
    }

    /**
     * The TLS handshake of {@code h} failed, or the server did not select h2: the requests waiting for it
     * are {@code tls} errors.
     */
    void onHandshakeFailed(H2Handler h, Throwable cause) {
        if (h != handler) {
            return;
        }
        handler = null;
        h.close();
        if (!waiting.isEmpty() && worker.measuring(System.nanoTime())) {
            stats.tlsFailureCause(cause);
        }
        failWaiting(Kind.TLS);
    }

    /** A stream of {@code h} closed: a new one may be opened if the server limits them. */
    void onStreamClosed(H2Handler h) {
        if (h == handler && !waiting.isEmpty()) {
            drainWaiting();
        }
    }

    void onHeaders(H2Handler h, int streamId, Http2Headers headers, boolean endOfStream) {
        Slot s = h.streams.get(streamId);
        if (s == null) {
            return;
        }
        if (s.status == 0 || s.status < 200) { // the final response's headers (a 1xx is followed by another)
            s.status = status(headers);
        }
        if (endOfStream) {
            complete(h, s);
        }
    }

    void onData(H2Handler h, int streamId, ByteBuf data, boolean endOfStream) {
        Slot s = h.streams.get(streamId);
        if (s == null) {
            return;
        }
        if (s.sink != null && !s.truncated) {
            if (s.sink.writableBytes() < data.readableBytes()
                    && s.sink.maxWritableBytes() < data.readableBytes()) {
                s.truncated = true;
            } else {
                s.sink.writeBytes(data, data.readerIndex(), data.readableBytes());
            }
        }
        if (endOfStream) {
            complete(h, s);
        }
    }

    void onReset(H2Handler h, int streamId, long errorCode) {
        Slot s = h.streams.remove(streamId);
        if (s != null) {
            fail(s, Kind.RESET);
        }
    }

    /** Netty found the server broke the protocol on one stream, and reset it. */
    void onStreamFailed(H2Handler h, int streamId) {
        Slot s = h.streams.remove(streamId);
        if (s != null) {
            fail(s, Kind.IO);
        }
    }

    void onGoAway(H2Handler h, int lastStreamId, long errorCode) {
        // streams above the last one the server accepted were not processed: a graceful GOAWAY's are sent again
        Slot[] refused = h.streams.values().stream().filter(s -> s.streamId > lastStreamId).toArray(Slot[]::new);
        for (Slot s : refused) {
            h.streams.remove(s.streamId);
        }
        if (h == handler) {
            handler = null;
            retire(h);
        } else if (h == draining && h.streams.isEmpty()) {
            draining = null;
            h.close();
        }
        for (Slot s : refused) {
            if (errorCode == Http2Error.NO_ERROR.code()) {
                s.state = WAITING;
                dispatch(s);
            } else {
                fail(s, Kind.GOAWAY);
            }
        }
    }

    void onInactive(H2Handler h) {
        if (h == handler) {
            handler = null;
            failAll(h, h.goneAway() ? Kind.GOAWAY : Kind.IO);
            if (!waiting.isEmpty()) { // connected, closed before a request could be written
                failWaiting(Kind.IO);
            }
        } else if (h == draining) {
            draining = null;
            failAll(h, Kind.GOAWAY);
        }
    }

    private void complete(H2Handler h, Slot s) {
        long now = System.nanoTime();
        h.streams.remove(s.streamId);
        boolean measuring = worker.measuring(now);
        stats.completed();
        if (measuring) {
            stats.latency(now - s.startNanos);
            stats.fromWrite(now - s.writtenNanos);
            stats.endpoint(s.target, now - s.startNanos, now - s.writtenNanos);
            if (worker.openModel()) {
                stats.serviceTime(now - s.sentNanos);
            }
            if (s.status < 100 || s.status > 999 || worker.errorStatus(s.status)) {
                stats.status(s.status, s.target);
            }
        }
        if (s.sink != null) {
            s.sink = null;
            BodySampler.Outcome checked = worker.bodies().check(s, s.truncated);
            if (measuring && checked != BodySampler.Outcome.UNCHECKED) {
                stats.bodyChecked(checked == BodySampler.Outcome.VALID, s.target);
            }
        }
        release(s);
        if (h == draining && h.streams.isEmpty()) {
            draining = null;
            h.close();
        }
        worker.onIdle(this, now);
    }

    @Override
    public long checkTimeout(long nowNanos) {
        long next = Long.MAX_VALUE;
        for (Slot s : slots) {
            if (s.state == FREE) {
                continue;
            }
            if (nowNanos - s.deadlineNanos < 0) {
                next = Math.min(next, s.deadlineNanos);
            } else if (s.state == OPEN) {
                s.handler.cancel(s.streamId);
                fail(s, Kind.TIMEOUT);
            } else if (handler != null && handler.isConnecting()) {
                // the connect is taking too long: give it up, with every request waiting for it
                H2Handler h = handler;
                handler = null;
                h.close();
                failWaiting(Kind.CONNECT);
            } else {
                waiting.remove(s);
                fail(s, Kind.TIMEOUT);
            }
        }
        return next;
    }

    @Override
    public void abort() {
        for (Slot s : slots) {
            if (s.state != FREE) {
                releaseSample(s);
                s.state = FREE;
                s.handler = null;
            }
        }
        waiting.clear();
        if (handler != null) {
            handler.close();
            handler = null;
        }
        if (draining != null) {
            draining.close();
            draining = null;
        }
    }

    /** What a failed request is counted as. */
    private enum Kind { CONNECT, TLS, TIMEOUT, IO, RESET, GOAWAY }

    private void failAll(H2Handler h, Kind kind) {
        if (h.streams.isEmpty()) {
            return;
        }
        Slot[] open = h.streams.values().toArray(new Slot[0]);
        h.streams.clear();
        for (Slot s : open) {
            fail(s, kind);
        }
    }

    private void failWaiting(Kind kind) {
        while (!waiting.isEmpty()) {
            fail(waiting.pollFirst(), kind);
        }
    }

    /** Ends {@code s} as failed; its slot goes back to the worker from the loop's task queue. */
    private void fail(Slot s, Kind kind) {
        if (s.state == FREE) {
            return;
        }
        if (worker.measuring(System.nanoTime())) {
            switch (kind) {
                case CONNECT -> stats.connectFailed(s.target);
                case TLS -> stats.tlsFailed(s.target);
                case TIMEOUT -> stats.timedOut(s.target);
                case IO -> stats.ioFailed(s.target);
                case RESET -> stats.streamReset(s.target);
                case GOAWAY -> stats.goneAway(s.target);
                default -> throw new IllegalStateException("unknown kind " + kind);
            }
        }
        releaseSample(s);
        release(s);
        if (toRestart++ == 0) {
            worker.loop().execute(restart);
        }
    }

    private void releaseSample(Slot s) {
        if (s.sink != null) {
            s.sink = null;
            worker.bodies().release(s);
        }
    }

    private void release(Slot s) {
        s.state = FREE;
        s.handler = null;
        free.addLast(s);
    }

    private void restart() {
        long now = System.nanoTime();
        int n = toRestart;
        toRestart = 0; // a failure while these restart schedules its own restart
        for (; n > 0; n--) {
            worker.onIdle(this, now);
        }
    }

    /** @return the {@code :status} of a response's headers, 0 if missing or not a number */
    private static int status(Http2Headers headers) {
        CharSequence s = headers.status();
        if (s == null || s.length() != 3) {
            return 0;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }
}
