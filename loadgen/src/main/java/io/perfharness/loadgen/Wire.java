package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * One TCP connection of a {@link ClientConnection}: a Netty channel ({@link ChannelWire}), or a bare
 * socket registered with Netty's epoll event loop ({@link EpollWire}). Made unconnected and
 * registered with the connection's loop; used once: connected, written to, closed. Confined to the
 * loop. It reports to its connection with itself as the argument ({@link ClientConnection#onConnected},
 * {@link ClientConnection#onConnectFailed}, {@link ClientConnection#onData}, {@link ClientConnection#onInactive},
 * {@link ClientConnection#onFailure}), so the connection can ignore a wire it has replaced.
 */
interface Wire {

    /**
     * Starts connecting and, once connected, writes {@code request}. The outcome comes as
     * {@link ClientConnection#onConnected} (the request, if any, has been written) or
     * {@link ClientConnection#onConnectFailed}, possibly before this returns.
     *
     * @param request the encoded request, which the wire neither changes nor releases (it stays
     *                valid for the whole run); null to connect only
     */
    void connect(InetSocketAddress address, ByteBuf request);

    /** @return true while connecting */
    boolean isConnecting();

    /** @return true if connected and not closed */
    boolean isActive();

    /**
     * Writes a request. Active: a write that fails reports {@link ClientConnection#onFailure}.
     * Still connecting: written once connected, then {@link ClientConnection#onConnected} reports.
     *
     * @param request the encoded request, which the wire neither changes nor releases
     */
    void write(ByteBuf request);

    /**
     * Closes the connection; does nothing if already closed. The socket may be released a little later (a
     * {@link ChannelWire} after the I/O events its loop is handling); its connection ignores what it reports
     * meanwhile, having let it go first.
     */
    void close();
}
