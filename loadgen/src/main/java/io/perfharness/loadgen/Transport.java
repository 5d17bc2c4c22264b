package io.perfharness.loadgen;

import io.netty.channel.Channel;
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
import io.netty.channel.socket.SocketProtocolFamily;
import java.nio.channels.spi.SelectorProvider;
import java.util.function.Function;

/**
 * The Netty transport the client runs on: native epoll when its library loads, NIO otherwise.
 *
 * @param name        {@code "epoll"} or {@code "nio"}
 * @param ioHandlers  the I/O handler factory for the event loop group
 * @param channels    makes a new, unregistered client socket channel of a protocol family (IPv4 or IPv6),
 *                    matching {@code ioHandlers}
 */
record Transport(String name, IoHandlerFactory ioHandlers, Function<SocketProtocolFamily, SocketChannel> channels) {

    /** @return epoll if {@link Epoll#isAvailable()}, else NIO */
    static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel::new);
        }
        return nio();
    }

    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), family -> new NioSocketChannel(SelectorProvider.provider(), family));
    }

    /**
     * @param family the family of the address it will connect to: a socket of that family, not a
     *               dual-stack IPv6 one, saves a system call and the v4-mapped address handling
     * @return a new, unregistered client channel
     */
    Channel newChannel(SocketProtocolFamily family) {
        return channels.apply(family);
    }

    /** @param threads number of event loops; their threads are daemons named {@code loadgen-N} */
    EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("loadgen", true), ioHandlers);
    }
}
