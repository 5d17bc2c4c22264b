package io.perfharness.loadgen;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Turns the decoded response stream of one channel into events of its {@link ClientConnection}.
 * Bodies are not kept: every {@code HttpContent} chunk is released as soon as it is seen.
 */
final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {

    private final ClientConnection connection;

    ResponseHandler(ClientConnection connection) {
        super(HttpObject.class, true); // auto-release every message
        this.connection = connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg.decoderResult().isFailure()) {
            // includes a connection closed before the announced Content-Length / last chunk arrived
            connection.onFailure(ctx.channel());
            return;
        }
        if (msg instanceof HttpResponse response) {
            connection.onResponseHead(ctx.channel(), response);
        }
        if (msg instanceof LastHttpContent) {
            connection.onResponseEnd(ctx.channel());
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
