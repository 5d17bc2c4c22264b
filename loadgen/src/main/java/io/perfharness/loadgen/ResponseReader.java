package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The whole pipeline of a client channel: hands the bytes it reads, its closing and its failures to
 * the {@link ClientConnection} that owns it, then releases the buffer. One instance per connection,
 * shared by the channels the connection opens one after the other (the connection ignores events
 * of a channel it has replaced), so a reconnect allocates no handler.
 */
@ChannelHandler.Sharable
final class ResponseReader extends ChannelInboundHandlerAdapter {

    private final ClientConnection connection;

    ResponseReader(ClientConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            connection.onData(ctx.channel(), in);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onInactive(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.onFailure(ctx.channel());
        ctx.close();
    }
}
