package io.perfharness.loadgen;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Netty transport the client runs on: native epoll when its library loads, NIO otherwise.
 *
 * @param name        {@code "epoll"} or {@code "nio"}
 * @param ioHandlers  the I/O handler factory for the event loop group
 * @param channelType the client socket channel class matching {@code ioHandlers}
 */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends SocketChannel> channelType) {

    /** @return epoll if {@link Epoll#isAvailable()}, else NIO */
    static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
        }
        return nio();
    }

    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
    }

    /** @param threads number of event loops; their threads are daemons named {@code loadgen-N} */
    EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("loadgen", true), ioHandlers);
    }
}
