package io.perfharness.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated client: a sequence of requests, one at a time, over a channel that is replaced
 * whenever the server closes it, it fails, or a request times out.
 * <p>
 * Confined to its event loop: every method runs on {@link LoopWorker#loop()}. Events from a channel
 * that is no longer the current one (a closed or replaced channel) are ignored, so each request ends
 * exactly once: completed, or failed by kind.
 */
final class ClientConnection implements ChannelFutureListener, Runnable {

    private static final int IDLE = 0;
    private static final int CONNECTING = 1;
    private static final int AWAITING_RESPONSE = 2;
    private static final int READING_BODY = 3;

    private final LoopWorker worker;
    private final LoopStats stats;
    private final Bootstrap bootstrap;
    private final Runnable nextAfterFailure;

    private Channel channel;
    /** Connect of {@link #channel} started by {@link #preconnect()}, null otherwise. */
    private ChannelFuture preconnecting;
    /** Target whose address {@link #channel} is connected to, -1 if none. */
    private int channelTarget = -1;
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
    private int status;
    private boolean keepAlive;
    private ScheduledFuture<?> timeout;

    /**
     * @param bootstrap   bootstrap bound to the worker's loop, without a handler
     * @param firstTarget index of the first target to request; later ones follow round-robin
     */
    ClientConnection(LoopWorker worker, Bootstrap bootstrap, int firstTarget, boolean headRequests) {
        this.worker = worker;
        this.stats = worker.stats();
        this.bootstrap = bootstrap.clone().handler(new ClientInitializer(this, headRequests));
        this.nextTarget = firstTarget;
        this.nextAfterFailure = () -> worker.onIdle(this, System.nanoTime());
    }

    /** @return true if no request is in progress */
    boolean idle() {
        return state == IDLE;
    }

    /**
     * Starts the next request: reuses the channel if it is open to the right address, else
     * connects first. The connect time is part of this request's latency.
     *
     * @param startNanos when the request was due (closed model) or intended (open model), ns
     */
    void send(long startNanos) {
        this.startNanos = startNanos;
        sentNanos = System.nanoTime();
        if (worker.measuring(sentNanos)) {
            stats.sent();
        }
        target = nextTarget;
        nextTarget = worker.nextTarget(nextTarget);
        timeout = worker.loop().schedule(this, worker.timeoutNanos(), TimeUnit.NANOSECONDS);
        if (channel != null && worker.sameAddress(channelTarget, target)) {
            if (channel.isActive()) {
                write();
                return;
            }
            if (preconnecting != null && !preconnecting.isDone()) {
                state = CONNECTING;
                preconnecting.addListener(this);
                preconnecting = null;
                return;
            }
        }
        closeChannel();
        connect();
    }

    /** Opens the channel ahead of the first request (open model), without starting a request. */
    void preconnect() {
        if (state == IDLE && channel == null) {
            preconnecting = bootstrap.connect(worker.target(nextTarget).address());
            channel = preconnecting.channel();
            channelTarget = nextTarget;
        }
    }

    private void connect() {
        state = CONNECTING;
        ChannelFuture f = bootstrap.connect(worker.target(target).address());
        channel = f.channel();
        channelTarget = target;
        f.addListener(this);
    }

    /** Connect outcome. */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (f.channel() != channel || state != CONNECTING) {
            return;
        }
        if (f.isSuccess()) {
            write();
        } else {
            fail(CONNECTING);
        }
    }

    private void write() {
        state = AWAITING_RESPONSE;
        // a failed write fires exceptionCaught, which ends up in onFailure
        channel.writeAndFlush(worker.request(target), channel.voidPromise());
    }

    void onResponseHead(Channel ch, HttpResponse response) {
        if (ch != channel || state != AWAITING_RESPONSE) {
            return;
        }
        int code = response.status().code();
        if (code < 200 && code != 101) {
            return; // interim response (100 Continue, 103 Early Hints): the real one follows
        }
        status = code;
        keepAlive = HttpUtil.isKeepAlive(response);
        state = READING_BODY;
    }

    void onResponseEnd(Channel ch) {
        if (ch != channel || state != READING_BODY) {
            return;
        }
        long now = System.nanoTime();
        cancelTimeout();
        state = IDLE;
        if (worker.measuring(now)) {
            stats.latency(now - startNanos);
            if (worker.openModel()) {
                stats.serviceTime(now - sentNanos);
            }
            if (status >= 400) {
                stats.status(status);
            }
        }
        if (!keepAlive) {
            closeChannel(); // e.g. gunicorn sync workers: the next request reconnects, on its own clock
        }
        worker.onIdle(this, now);
    }

    /** Decoder failure, exception, or reset on {@code ch}. */
    void onFailure(Channel ch) {
        if (ch != channel) {
            return;
        }
        if (state == IDLE) {
            closeChannel(); // nothing lost: the next request reconnects
            return;
        }
        fail(state == CONNECTING ? CONNECTING : AWAITING_RESPONSE);
    }

    void onInactive(Channel ch) {
        if (ch != channel) {
            return;
        }
        if (state == AWAITING_RESPONSE || state == READING_BODY) {
            fail(state);
        } else {
            closeChannel(); // closed while idle (server-side keep-alive timeout): reconnect on next send
        }
    }

    /** Request timeout. */
    @Override
    public void run() {
        timeout = null;
        if (state != IDLE) {
            fail(state == CONNECTING ? CONNECTING : -1);
        }
    }

    /**
     * Ends the request in progress as failed and starts the next one on a fresh channel.
     *
     * @param during the state the request failed in, or -1 for a timeout
     */
    private void fail(int during) {
        long now = System.nanoTime();
        cancelTimeout();
        if (worker.measuring(now)) {
            if (during == CONNECTING) {
                stats.connectFailed();
            } else if (during == -1) {
                stats.timedOut();
            } else {
                stats.ioFailed();
            }
        }
        state = IDLE;
        closeChannel();
        // not inline: a connect can fail synchronously, and retrying inline would recurse
        worker.loop().execute(nextAfterFailure);
    }

    /** Stops without counting anything: closes the channel, cancels the timeout. */
    void abort() {
        cancelTimeout();
        state = IDLE;
        closeChannel();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void closeChannel() {
        Channel c = channel;
        channel = null;
        preconnecting = null;
        channelTarget = -1;
        if (c != null) {
            c.close();
        }
    }
}
