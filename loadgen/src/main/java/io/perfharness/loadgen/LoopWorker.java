package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.SocketChannelConfig;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.ScheduledFuture;
import io.perfharness.reports.ErrorCounts;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Everything that runs on one event loop: its connections, its own copy of the encoded requests
 * and its {@link LoopStats}. Hyperfoil-style: nothing here is shared with another loop, so the
 * per-request path takes no lock and touches no shared atomic. Unless noted, methods run on
 * {@link #loop()}.
 */
final class LoopWorker {

    /**
     * What a loop counted in the measured window, taken when it stopped.
     *
     * @param sent          requests started (a connection began to connect or write)
     * @param checkedBodies sampled response bodies checked ({@code expectJson}); those that were not JSON
     *                      are {@code errors.body()}
     * @param handshakes    TLS handshake times, µs (empty without TLS)
     * @param resumed       TLS handshakes that resumed a session
     * @param firstTlsFailure what the first failed TLS handshake said, or null
     * @param dueByStage    open model with stages: requests due in each stage, by intended send time; else null
     */
    record Totals(ErrorCounts errors, long clamped, long dropped, long sent, long checkedBodies,
                  Histogram handshakes, long resumed, String firstTlsFailure, EndpointStats[] endpoints,
                  long[] dueByStage) {
    }

    /** Most requests an open-model loop lets wait for a connection, whatever its rate and timeout. */
    static final int MAX_PENDING = 1 << 20;

    /**
     * Read buffer sizes: starts at 16 KB so that a typical response (headers and a few KB of body)
     * is read with one system call even on a new connection (Netty's default starts at 2 KB and
     * learns per channel, which a connection replaced after every response never does); grows to
     * 64 KB for large bodies.
     */
    private static final RecvByteBufAllocator READ_BUFFERS = new AdaptiveRecvByteBufAllocator(1024, 16 * 1024, 64 * 1024);

    /** Size of {@link #readBuffer()}, bytes: a response of a few KB in one read, large bodies in few. */
    static final int READ_BUFFER_BYTES = 64 * 1024;

    private final EventLoop loop;
    private ByteBuf readBuffer;
    private final Transport transport;
    /** Null unless a URL is {@code https://}. */
    private final TlsClient tls;
    private final LoadSpec spec;
    private final List<RequestTarget> targets;
    private final boolean[][] sameAddress;
    /** Targets a wire made for one can be used for the other: same family, both plain or both TLS to the same host and port. */
    private final boolean[][] sameWireKind;
    private final ByteBuf[] requests;
    private final SocketProtocolFamily[] families;
    private final boolean[] head;
    /** Named endpoints: picks each request's target by weight; null for a URL list (each connection rotates). */
    private final SmoothWeightedRoundRobin weighted;
    /** By status code: counted as an error ({@link LoadSpec#isErrorStatus}). */
    private final boolean[] errorStatus = new boolean[1000];
    /** Null unless {@code spec.expectJson()}. */
    private final BodySampler bodies;
    private final LoopStats stats;
    private final List<LoopConnection> connections = new ArrayList<>();
    /** HTTP/2: the request of each target as HTTP/2 sends it; null for HTTP/1.1. */
    private final H2Request[] h2Requests;
    /**
     * The measured window, ns; {@link Long#MAX_VALUE} until the control thread sets it (the warm-up
     * ends when the generator is at speed, see {@link LoadRun}). Volatile: written by the control
     * thread, read per request by the loop (a plain load on x86).
     */
    private volatile long measureStartNanos = Long.MAX_VALUE;
    private volatile long measureEndNanos = Long.MAX_VALUE;
    /** The loop's thread, known once {@link #start()} has run on it. */
    private volatile Thread thread;
    private final long timeoutNanos;
    private final Runnable sweep = this::sweepTimeouts;
    /** The timeout sweep, when one is scheduled: at the earliest deadline of the requests in progress. */
    private ScheduledFuture<?> nextSweep;
    private boolean stopped;

    // open model only
    /** A connection appears here once per free slot (HTTP/2: per free stream). */
    private final ArrayDeque<LoopConnection> idle = new ArrayDeque<>();
    private final PendingRequests pending;
    /** Time between two intended sends of this loop, ns (not rounded: see {@link #intended(long)}). */
    private final double periodNanos;
    private final Runnable tick = this::tick;
    private long scheduleOriginNanos;
    private long scheduled;
    private ScheduledFuture<?> nextTick;

    /** Null without stages. */
    private final LoopStages stages;

    /**
     * @param index             this loop's index, 0 .. {@code spec.threads() - 1}
     * @param connectionIds     global indexes of the connections this loop owns
     * @param tls               the run's TLS client; null if no target is {@code https://}
     */
    LoopWorker(EventLoop loop, int index, Transport transport, LoadSpec spec, List<RequestTarget> targets,
               List<Integer> connectionIds, TlsClient tls) {
        this.loop = loop;
        this.transport = transport;
        this.tls = tls;
        this.spec = spec;
        this.targets = targets;
        this.stats = new LoopStats(spec.openModel(), spec.endpoints().size());
        this.timeoutNanos = spec.timeout().toNanos();
        this.sameAddress = new boolean[targets.size()][targets.size()];
        this.sameWireKind = new boolean[targets.size()][targets.size()];
        this.requests = new ByteBuf[targets.size()];
        this.families = new SocketProtocolFamily[targets.size()];
        this.head = new boolean[targets.size()];
        int[] weights = new int[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            head[i] = targets.get(i).head();
            weights[i] = targets.get(i).weight();
            families[i] = targets.get(i).address().getAddress() instanceof Inet4Address
                    ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
            byte[] bytes = targets.get(i).request();
            requests[i] = Unpooled.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
        }
        for (int i = 0; i < targets.size(); i++) {
            RequestTarget a = targets.get(i);
            for (int j = 0; j < targets.size(); j++) {
                RequestTarget b = targets.get(j);
                sameAddress[i][j] = a.address().equals(b.address()) && a.tls() == b.tls();
                sameWireKind[i][j] = families[i] == families[j] && a.tls() == b.tls()
                        && (!a.tls() || a.url().getHost().equalsIgnoreCase(b.url().getHost()) && a.port() == b.port());
            }
        }
        for (int code = 0; code < errorStatus.length; code++) {
            errorStatus[code] = spec.isErrorStatus(code);
        }
        bodies = spec.expectJson() ? new BodySampler() : null;
        weighted = spec.endpoints().isEmpty() ? null : new SmoothWeightedRoundRobin(weights);
        if (spec.h2()) {
            List<Endpoint> endpoints = spec.targets();
            h2Requests = new H2Request[targets.size()];
            for (int i = 0; i < targets.size(); i++) {
                h2Requests[i] = H2Request.of(spec, endpoints.get(i));
            }
        } else {
            h2Requests = null;
        }
        List<ClientConnection> http1 = new ArrayList<>(); // stages work on HTTP/1.1 connections only
        for (int id : connectionIds) {
            int first = weighted == null ? id % targets.size() : weighted.next();
            if (spec.h2()) {
                connections.add(new H2Connection(this, h2Requests, first, spec.streams()));
            } else {
                ClientConnection c = new ClientConnection(this, first);
                http1.add(c);
                connections.add(c);
            }
        }
        stages = spec.stages().isEmpty() ? null : new LoopStages(this, spec, http1, connectionIds, index);
        if (spec.openModel()) {
            // the loop's share of the rate is its share of the connections
            double loopRate = (stages != null ? stages.max() : spec.rate()) * connectionIds.size() / spec.connections();
            periodNanos = 1e9 / loopRate;
            // stagger the loops' schedules so that together they send at even intervals
            scheduleOriginNanos = stages != null ? 0 : (long) (periodNanos * index / spec.threads());
            long bound = (long) Math.ceil(loopRate * spec.timeout().toNanos() / 1e9);
            long slots = (long) connectionIds.size() * spec.streams();
            pending = new PendingRequests((int) Math.min(MAX_PENDING, Math.max(slots, bound)));
        } else {
            periodNanos = 0;
            pending = null;
        }
    }

    /**
     * Starts the load. Closed model: every connection sends its first request now. Open model:
     * every connection connects, and the schedule starts now.
     */
    void start() {
        thread = Thread.currentThread();
        long now = System.nanoTime();
        if (!spec.openModel()) {
            if (stages != null) {
                stages.applyConnections();
                return;
            }
            for (LoopConnection c : connections) {
                for (int s = c.slots(); s > 0; s--) {
                    c.send(now);
                }
            }
            return;
        }
        for (LoopConnection c : connections) {
            c.preconnect();
        }
        for (int s = 0; s < spec.streams(); s++) { // the first stream of every connection, then the second...
            idle.addAll(connections);
        }
        scheduleOriginNanos += now;
        tick();
    }

    /**
     * Open model: the {@code k}-th intended send time of this loop, ns. Computed from the origin
     * each time rather than by adding a rounded period, so the schedule does not drift: over any
     * window it holds rate × window requests, to within one.
     */
    long intended(long k) {
        return stages == null ? scheduleOriginNanos + (long) (k * periodNanos)
                : stages.intended(k, scheduleOriginNanos, measureStartNanos);
    }

    /** Stages: the measured window is known; recompute the schedule (open model) or the connections (closed). */
    private void restage() {
        if (stopped || thread == null) {
            return; // not started: start() will
        }
        if (spec.openModel()) {
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            tick();
        } else {
            stages.restage();
        }
    }

    /** Any thread. @return closed model: connections sending (or finishing their last request) now */
    int activeConnections() {
        return stages != null ? stages.activeConnections() : connections.size();
    }

    /** @return the measured window's start, {@link System#nanoTime()} ns; {@link Long#MAX_VALUE} while unknown */
    long windowStartNanos() {
        return measureStartNanos;
    }

    /** @return the measured window's end (exclusive), ns; {@link Long#MAX_VALUE} while unknown */
    long windowEndNanos() {
        return measureEndNanos;
    }

    /** @return true once {@link #stop()} has run */
    boolean stopped() {
        return stopped;
    }

    /**
     * Open model: dispatches every request whose intended time has come (the timer may fire late,
     * e.g. NIO rounds to ms; late requests go out at once and their latency still counts from their
     * intended time), then sets the timer for the next one.
     */
    private void tick() {
        nextTick = null;
        long now = System.nanoTime();
        long next;
        while (!stopped && (next = intended(scheduled)) < measureEndNanos) {
            if (next > now) {
                nextTick = loop.schedule(tick, next - now, TimeUnit.NANOSECONDS);
                return;
            }
            scheduled++;
            dispatch(next);
            now = System.nanoTime();
        }
    }

    private void dispatch(long intendedNanos) {
        if (stages != null && measuring(intendedNanos)) {
            stages.countDue(intendedNanos, measureStartNanos);
        }
        LoopConnection c = idle.pollFirst();
        if (c != null) {
            c.send(intendedNanos);
        } else if (!pending.offer(intendedNanos) && measuring(intendedNanos)) {
            stats.dropped();
        }
    }

    /**
     * @param owner  the connection it will belong to
     * @param target index of the target it will connect to
     * @return a new unconnected wire of this loop's transport, registered with this loop, TCP_NODELAY
     *         on; null if no socket could be made. A channel gets no connect timeout, since the
     *         request timeout covers connecting. An {@code https://} target gets a channel (epoll or NIO)
     *         with a TLS handler made for its host and port, even when plain HTTP uses bare sockets
     */
    Wire newWire(ClientConnection owner, int target) {
        RequestTarget t = targets.get(target);
        if (transport.bareSockets() && !t.tls()) {
            try {
                return new EpollWire(owner, this, families[target]);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        Channel ch = transport.newChannel(families[target]);
        SocketChannelConfig config = (SocketChannelConfig) ch.config();
        config.setConnectTimeoutMillis(0);
        config.setRecvByteBufAllocator(READ_BUFFERS);
        return new ChannelWire(owner, ch, loop, t.tls() ? tls.newHandler(ch.alloc(), t.url().getHost(), t.port()) : null);
    }

    /**
     * HTTP/2: makes and registers a new channel (TCP_NODELAY on) for {@code owner}, to be connected
     * ({@link H2Handler#connect}).
     *
     * @param target index of the target whose address it will connect to
     * @return its handler, or null if no socket could be made
     */
    H2Handler newH2Connection(H2Connection owner, int target) {
        Channel ch;
        try {
            ch = transport.newChannel(families[target]);
        } catch (RuntimeException e) {
            return null;
        }
        try {
            SocketChannelConfig config = (SocketChannelConfig) ch.config();
            config.setConnectTimeoutMillis(0);
            config.setTcpNoDelay(true);
            config.setRecvByteBufAllocator(READ_BUFFERS);
            RequestTarget t = targets.get(target);
            return H2Handler.open(owner, ch, loop, t.tls() ? tls.newHandler(ch.alloc(), t.url().getHost(), t.port()) : null);
        } catch (RuntimeException e) { // counted as a failed connect rather than lost in the loop's task
            ch.close();
            return null;
        }
    }

    /**
     * @return the loop's read buffer for {@link EpollWire}s (direct, {@link #READ_BUFFER_BYTES}); what
     *         a read puts in it is parsed before the next read on this loop
     */
    ByteBuf readBuffer() {
        if (readBuffer == null) {
            readBuffer = Unpooled.directBuffer(READ_BUFFER_BYTES, READ_BUFFER_BYTES);
        }
        return readBuffer;
    }

    /**
     * A request with this deadline is in progress: makes sure a timeout sweep is scheduled no later.
     * One sweep per loop, at the earliest deadline, instead of a timer per request: a new request's
     * deadline is never earlier than those already in progress, so the sweep scheduled for them
     * comes first.
     *
     * @param deadlineNanos {@link System#nanoTime()} at which the request times out
     */
    void armTimeout(long deadlineNanos) {
        if (nextSweep == null && !stopped) {
            nextSweep = loop.schedule(sweep, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    /** Times out every request past its deadline, then schedules the next sweep at the earliest deadline left. */
    private void sweepTimeouts() {
        nextSweep = null;
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (LoopConnection c : connections) {
            next = Math.min(next, c.checkTimeout(now));
        }
        if (next != Long.MAX_VALUE && nextSweep == null) {
            nextSweep = loop.schedule(sweep, next - now, TimeUnit.NANOSECONDS);
        }
    }

    /** A connection finished a request (completed or failed) at {@code nowNanos}: one of its slots is free. */
    void onIdle(LoopConnection connection, long nowNanos) {
        if (stopped || nowNanos >= measureEndNanos) {
            return;
        }
        if (!spec.openModel()) {
            if (stages == null || !stages.parkIfRetired((ClientConnection) connection)) { // stages: HTTP/1.1 only
                connection.send(nowNanos);
            }
        } else if (!pending.isEmpty()) {
            connection.send(pending.poll());
        } else {
            idle.addLast(connection); // FIFO: requests rotate over all connections
        }
    }

    /**
     * Stops sending, closes every connection without counting what was in flight, releases the
     * encoded requests.
     *
     * @return what this loop counted in the measured window
     */
    Totals stop() {
        stopped = true;
        if (nextTick != null) {
            nextTick.cancel(false);
        }
        if (nextSweep != null) {
            nextSweep.cancel(false);
        }
        if (stages != null) {
            stages.cancel();
        }
        for (LoopConnection c : connections) {
            c.abort();
        }
        for (ByteBuf b : requests) {
            b.release();
        }
        if (readBuffer != null) {
            readBuffer.release();
            readBuffer = null;
        }
        if (bodies != null) {
            bodies.free();
        }
        return new Totals(stats.errorCounts(), stats.clamped(), stats.droppedCount(), stats.sentCount(),
                stats.checkedBodies(), stats.handshakesCopy(), stats.resumedHandshakes(), stats.firstTlsFailure(),
                stats.endpoints(), stages != null && spec.openModel() ? stages.due() : null);
    }

    /**
     * Any thread. Sets the measured window; responses and failures before it are not recorded.
     *
     * @param startNanos start of the measured window, {@link System#nanoTime()} ns; not in the past
     *                   for a loop already running, or what ended before this call might be counted
     * @param endNanos   end of the measured window (exclusive), ns
     */
    void measure(long startNanos, long endNanos) {
        measureEndNanos = endNanos;
        measureStartNanos = startNanos;
        if (stages != null) {
            loop.execute(this::restage);
        }
    }

    /** Any thread. @return the loop's thread, or null before {@link #start()} has run */
    Thread thread() {
        return thread;
    }

    /** @return true if a response or failure at {@code nowNanos} belongs to the measured window */
    boolean measuring(long nowNanos) {
        return !stopped && nowNanos >= measureStartNanos && nowNanos < measureEndNanos;
    }

    boolean openModel() {
        return spec.openModel();
    }

    /** @return true if a response with this status (100 .. 999) counts as an error */
    boolean errorStatus(int status) {
        return errorStatus[status];
    }

    /** @return the body sampler ({@code spec.expectJson()}), or null */
    BodySampler bodies() {
        return bodies;
    }

    /** @return the encoded request of target {@code i}, valid until {@link #stop()}: not to be changed or released */
    ByteBuf request(int i) {
        return requests[i];
    }

    RequestTarget target(int i) {
        return targets.get(i);
    }

    /**
     * @param i the target a connection requested last
     * @return the target of its next request: the next by weight over this loop's requests (named
     *         endpoints), else the one after {@code i} (a URL list: each connection round-robin)
     */
    int nextTarget(int i) {
        if (weighted != null) {
            return weighted.next();
        }
        return i + 1 == targets.size() ? 0 : i + 1;
    }

    /** @return true if target {@code i}'s requests are HEADs (responses without a body) */
    boolean head(int i) {
        return head[i];
    }

    /**
     * @return true if a wire made for target {@code i} suits target {@code j}: addresses of the same family
     *         (IPv4 / IPv6), both plain HTTP, or both TLS to the same host and port (the TLS handler is made
     *         for them)
     */
    boolean sameWireKind(int i, int j) {
        return sameWireKind[i][j];
    }

    boolean sameAddress(int i, int j) {
        return i >= 0 && sameAddress[i][j];
    }

    long timeoutNanos() {
        return timeoutNanos;
    }

    /** Any thread. */
    EventLoop loop() {
        return loop;
    }

    /** Any thread; see {@link LoopStats} for what may be read from where. */
    LoopStats stats() {
        return stats;
    }
}
