package io.perfharness.loadgen;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/** Pipeline of every client channel: response decoder, then the handler of its connection. */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {

    private final ClientConnection connection;
    private final boolean headRequests;

    ClientInitializer(ClientConnection connection, boolean headRequests) {
        this.connection = connection;
        this.headRequests = headRequests;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("decoder", new ResponseDecoder(headRequests))
                .addLast("handler", new ResponseHandler(connection));
    }
}
