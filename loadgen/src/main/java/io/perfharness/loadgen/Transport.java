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
 * The Netty transport the client runs on: native epoll when its library loads, with bare sockets
 * ({@link EpollWire}); NIO channels otherwise.
 *
 * @param name        {@code "epoll"} (bare sockets), {@code "epoll-channel"} (epoll channels) or {@code "nio"}
 * @param ioHandlers  the I/O handler factory for the event loop group
 * @param channels    makes a new, unregistered client socket channel of a protocol family (IPv4 or IPv6),
 *                    matching {@code ioHandlers}
 * @param bareSockets connections are {@link EpollWire}s rather than channels
 */
record Transport(String name, IoHandlerFactory ioHandlers, Function<SocketProtocolFamily, SocketChannel> channels,
                 boolean bareSockets) {

    /** System property that picks a transport: {@code epoll}, {@code epoll-channel} or {@code nio}. */
    static final String PROPERTY = "perfharness.loadgen.transport";

    /**
     * @return the transport {@link #PROPERTY} names, if it is available; else epoll with bare sockets
     *         if {@link Epoll#isAvailable()}, else NIO
     */
    static Transport best() {
        String wanted = System.getProperty(PROPERTY, "epoll");
        if (wanted.equals("nio") || !Epoll.isAvailable()) {
            return nio();
        }
        return epoll(!wanted.equals("epoll-channel"));
    }

    /** @param bareSockets {@link EpollWire}s instead of epoll channels; requires {@link Epoll#isAvailable()} */
    static Transport epoll(boolean bareSockets) {
        return new Transport(bareSockets ? "epoll" : "epoll-channel", EpollIoHandler.newFactory(),
                EpollSocketChannel::new, bareSockets);
    }

    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(),
                family -> new NioSocketChannel(SelectorProvider.provider(), family), false);
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
