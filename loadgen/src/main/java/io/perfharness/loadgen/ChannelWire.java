package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.net.InetSocketAddress;

/**
 * A {@link Wire} over a Netty channel (NIO, or epoll when bare sockets are not wanted, and always for
 * {@code https://}): the pipeline is this handler, behind an {@link SslHandler} for TLS. It hands the
 * bytes read, the close and the failures to the owning {@link ClientConnection}, then releases the buffer.
 * With TLS, "connected" means the handshake is done: its time is reported apart
 * ({@link ClientConnection#onHandshake}), and a failed handshake is a TLS failure, not a connect failure.
 * <p>
 * {@link #close()} closes the channel from a task of the loop, after the I/O events the loop is handling: a
 * channel is mostly closed while the loop handles another one's event (the one replacing it has connected), and
 * closing frees its file descriptor, which the next socket made (e.g. the spare channel of the next reconnect)
 * gets. Netty's epoll loop hands the events of one {@code epoll_wait} to channels by descriptor, so an event of
 * the closed socket still in that batch would go to the new channel, which, not connected, reads, fails with
 * ENOTCONN ({@code NotYetConnectedException}) and closes: its connect then fails. After the batch no event of
 * the closed socket is left (closing it takes it out of epoll).
 */
final class ChannelWire extends ChannelInboundHandlerAdapter implements Wire, ChannelFutureListener {

    private final ClientConnection owner;
    private final Channel channel;
    private final EventLoop loop;
    private final ChannelFuture registered;
    /** Null without TLS. */
    private final SslHandler tls;
    private ChannelFuture connecting;
    /** TCP is connected and the TLS handshake is under way. */
    private boolean handshaking;
    /** When TCP connected, {@link System#nanoTime()} ns and epoch ms: the handshake's start. */
    private long connectedNanos;
    private long connectedMillis;
    /** The request to write once connected, or null. */
    private ByteBuf pending;
    private final GenericFutureListener<Future<Channel>> handshakeDone = this::handshakeDone;

    /**
     * @param channel a new channel, this handler not yet in its pipeline
     * @param loop    the owner's loop, which the channel is registered with now
     * @param tls     the TLS handler of this connection (made for the host and port it will connect to), or
     *                null for plain HTTP
     */
    ChannelWire(ClientConnection owner, Channel channel, EventLoop loop, SslHandler tls) {
        this.owner = owner;
        this.channel = channel;
        this.loop = loop;
        this.tls = tls;
        if (tls != null) {
            channel.pipeline().addLast("tls", tls);
        }
        channel.pipeline().addLast("reader", this); // named: no name generation per channel
        registered = loop.register(channel);
    }

    @Override
    public void connect(InetSocketAddress address, ByteBuf request) {
        pending = request;
        if (registered.isDone()) { // always, on the loop's own thread
            connecting = registered.isSuccess() ? channel.connect(address) : registered;
        } else {
            ChannelPromise connected = channel.newPromise();
            registered.addListener(f -> {
                if (f.isSuccess()) {
                    channel.connect(address, connected);
                } else {
                    connected.tryFailure(f.cause());
                }
            });
            connecting = connected;
        }
        connecting.addListener(this);
    }

    /** Connect outcome. */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (!f.isSuccess()) {
            pending = null;
            owner.onConnectFailed(this, f.cause());
            return;
        }
        if (tls != null) {
            // the SslHandler starts the handshake as the channel becomes active, right after this
            handshaking = true;
            connectedNanos = System.nanoTime();
            connectedMillis = System.currentTimeMillis();
            tls.handshakeFuture().addListener(handshakeDone);
            return;
        }
        connected();
    }

    private void handshakeDone(Future<Channel> f) {
        handshaking = false;
        if (f.isSuccess()) {
            owner.onHandshake(this, System.nanoTime() - connectedNanos, TlsClient.resumed(tls.engine(), connectedMillis));
            connected();
        } else {
            pending = null;
            owner.onHandshakeFailed(this, f.cause());
        }
    }

    private void connected() {
        ByteBuf request = pending;
        pending = null;
        if (request != null) {
            write(request);
        }
        owner.onConnected(this);
    }

    @Override
    public boolean isConnecting() {
        return handshaking || connecting != null && !connecting.isDone();
    }

    /** With TLS: the handshake is done too (a request given during it waits for it, as during the connect). */
    @Override
    public boolean isActive() {
        return !handshaking && channel.isActive();
    }

    @Override
    public void write(ByteBuf request) {
        if (isConnecting()) {
            pending = request;
            return;
        }
        // a failed write fires exceptionCaught, which ends up in onFailure
        channel.writeAndFlush(request.retainedDuplicate(), channel.voidPromise());
    }

    /** Closes the channel after the I/O events the loop is handling (see the class doc). */
    @Override
    public void close() {
        pending = null;
        loop.execute(this::closeNow);
    }

    private void closeNow() {
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            owner.onData(this, in);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        owner.onInactive(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!handshaking) { // a failed handshake is reported by its future
            owner.onFailure(this, cause);
        }
        ctx.close();
    }
}
