package io.perfharness.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.perfharness.reports.ErrorCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that runs on one event loop: its connections, its own copy of the encoded requests
 * and its {@link LoopStats}. Hyperfoil-style: nothing here is shared with another loop, so the
 * per-request path takes no lock and touches no shared atomic. Unless noted, methods run on
 * {@link #loop()}.
 */
final class LoopWorker {

    /** What a loop counted, taken when it stopped. */
    record Totals(ErrorCounts errors, long clamped, long dropped) {
        static final Totals NONE = new Totals(ErrorCounts.NONE, 0, 0);
    }

    private final EventLoop loop;
    private final LoadSpec spec;
    private final List<RequestTarget> targets;
    private final boolean[][] sameAddress;
    private final ByteBuf[] requests;
    private final LoopStats stats;
    private final List<ClientConnection> connections = new ArrayList<>();
    private final long measureStartNanos;
    private final long measureEndNanos;
    private final long timeoutNanos;
    private boolean stopped;

    /**
     * @param connectionIds     global indexes of the connections this loop owns
     * @param measureStartNanos start of the measured window, {@link System#nanoTime()} ns
     * @param measureEndNanos   end of the measured window (exclusive), ns
     */
    LoopWorker(EventLoop loop, Transport transport, LoadSpec spec, List<RequestTarget> targets,
               List<Integer> connectionIds, long measureStartNanos, long measureEndNanos) {
        this.loop = loop;
        this.spec = spec;
        this.targets = targets;
        this.stats = new LoopStats(spec.openModel());
        this.measureStartNanos = measureStartNanos;
        this.measureEndNanos = measureEndNanos;
        this.timeoutNanos = spec.timeout().toNanos();
        this.sameAddress = new boolean[targets.size()][targets.size()];
        this.requests = new ByteBuf[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            for (int j = 0; j < targets.size(); j++) {
                sameAddress[i][j] = targets.get(i).address().equals(targets.get(j).address());
            }
            byte[] bytes = targets.get(i).request();
            requests[i] = Unpooled.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, spec.timeout().toMillis())));
        boolean head = spec.method().equals("HEAD");
        for (int id : connectionIds) {
            connections.add(new ClientConnection(this, bootstrap, id % targets.size(), head));
        }
    }

    /** Starts every connection (closed model: each sends its first request now). */
    void start() {
        long now = System.nanoTime();
        for (ClientConnection c : connections) {
            c.send(now);
        }
    }

    /** A connection finished its request (completed or failed) at {@code nowNanos}. */
    void onIdle(ClientConnection connection, long nowNanos) {
        if (!stopped && nowNanos < measureEndNanos) {
            connection.send(nowNanos);
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
        for (ClientConnection c : connections) {
            c.abort();
        }
        for (ByteBuf b : requests) {
            b.release();
        }
        return new Totals(stats.errorCounts(), stats.clamped(), stats.droppedCount());
    }

    /** @return true if a response or failure at {@code nowNanos} belongs to the measured window */
    boolean measuring(long nowNanos) {
        return !stopped && nowNanos >= measureStartNanos && nowNanos < measureEndNanos;
    }

    boolean openModel() {
        return spec.openModel();
    }

    /** @return a new reference to the encoded request of target {@code i}; the write releases it */
    ByteBuf request(int i) {
        return requests[i].retainedDuplicate();
    }

    RequestTarget target(int i) {
        return targets.get(i);
    }

    int nextTarget(int i) {
        return i + 1 == targets.size() ? 0 : i + 1;
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
