package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * A {@link Wire} over a Netty channel (NIO, or epoll when bare sockets are not wanted): the whole
 * pipeline is this handler, which hands the bytes read, the close and the failures to the owning
 * {@link ClientConnection}, then releases the buffer.
 */
final class ChannelWire extends ChannelInboundHandlerAdapter implements Wire, ChannelFutureListener {

    private final ClientConnection owner;
    private final Channel channel;
    private final ChannelFuture registered;
    private ChannelFuture connecting;
    /** The request to write once connected, or null. */
    private ByteBuf pending;

    /**
     * @param channel a new channel, this handler not yet in its pipeline
     * @param loop    the owner's loop, which the channel is registered with now
     */
    ChannelWire(ClientConnection owner, Channel channel, EventLoop loop) {
        this.owner = owner;
        this.channel = channel;
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
        ByteBuf request = pending;
        pending = null;
        if (f.isSuccess() && request != null) {
            write(request);
        }
        owner.onConnected(this, f.isSuccess());
    }

    @Override
    public boolean isConnecting() {
        return connecting != null && !connecting.isDone();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
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

    @Override
    public void close() {
        pending = null;
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
        owner.onFailure(this);
        ctx.close();
    }
}
