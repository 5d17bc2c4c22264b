package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A {@link Wire} that is a bare non-blocking socket registered with Netty's epoll event loop as an
 * {@link EpollIoHandle}: no channel, pipeline, promise or outbound buffer. A Netty channel costs, per
 * reconnect, about 20 system calls (three {@code getsockopt}, two {@code getsockname}, a
 * {@code getpeername}, five {@code epoll_ctl}, a read of the end of stream) and tens of µs of Java
 * (bench/README.md, issue 12); this costs {@code socket}, {@code setsockopt(TCP_NODELAY)},
 * {@code connect}, {@code send}, {@code epoll_ctl} to wait for the response, {@code recv}, and
 * {@code close} with its {@code epoll_ctl}; the request is sent right after {@code connect} (the
 * connection writes it while connecting, see {@link #write}), and only if the socket is not
 * connected yet does it wait for EPOLLOUT.
 * <p>
 * Level-triggered. Reads go to the loop's one read buffer ({@link LoopWorker#readBuffer()}), which
 * the connection parses before the next read. Confined to the loop.
 */
final class EpollWire implements Wire, EpollIoHandle {

    private static final int NEW = 0;
    private static final int CONNECTING = 1;
    private static final int ACTIVE = 2;
    private static final int CLOSED = 3;

    private static final EpollIoOps READ = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLRDHUP);
    private static final EpollIoOps WRITE_AND_READ = READ.with(EpollIoOps.EPOLLOUT);
    private static final EpollIoOps AWAIT_CONNECT = EpollIoOps.EPOLLOUT;

    private final ClientConnection owner;
    private final LoopWorker worker;
    private final ClientSocket socket;
    private IoRegistration registration;
    private EpollIoOps interest = EpollIoOps.NONE;
    private int state = NEW;
    /** The request being sent, not yet wholly taken by the socket, or null; not ours to release. */
    private ByteBuf unsent;
    /** Index in {@link #unsent} of its first byte not sent yet. */
    private int unsentFrom;

    /** A {@link Socket} made with Netty's native call for a non-blocking stream socket of a family. */
    private static final class ClientSocket extends Socket {
        ClientSocket(SocketProtocolFamily family) {
            super(newSocketStream0(family));
        }
    }

    /**
     * Makes the socket (TCP_NODELAY on) and registers it with the worker's loop.
     *
     * @throws IOException if the socket cannot be made
     */
    EpollWire(ClientConnection owner, LoopWorker worker, SocketProtocolFamily family) throws IOException {
        this.owner = owner;
        this.worker = worker;
        this.socket = new ClientSocket(family);
        try {
            socket.setTcpNoDelay(true);
            Future<IoRegistration> registered = ((IoEventLoop) worker.loop()).register(this);
            if (!registered.isDone() || !registered.isSuccess()) { // done at once on the loop's thread
                throw new IOException("could not register a socket with the event loop", registered.cause());
            }
            registration = registered.getNow();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public FileDescriptor fd() {
        return socket;
    }

    @Override
    public void connect(InetSocketAddress address, ByteBuf request) {
        state = CONNECTING;
        boolean connected;
        try {
            connected = socket.connect(address);
        } catch (IOException e) {
            connectFailed(e);
            return;
        }
        if (connected) {
            state = ACTIVE;
            if (request != null) {
                unsent = request;
                unsentFrom = request.readerIndex();
                flushActive();
            } else {
                interest(READ);
            }
            if (state == ACTIVE) {
                owner.onConnected(this);
            }
        } else if (request != null) {
            write(request); // at once: see write
        } else {
            interest(AWAIT_CONNECT);
        }
    }

    @Override
    public boolean isConnecting() {
        return state == CONNECTING;
    }

    @Override
    public boolean isActive() {
        return state == ACTIVE;
    }

    /**
     * Connecting: tries to send at once, since on loopback the handshake is usually over when
     * {@code connect} returns; a socket still connecting takes nothing ({@code EAGAIN}) and the
     * request waits for EPOLLOUT. A send that succeeds proves the connection.
     */
    @Override
    public void write(ByteBuf request) {
        if (state == CLOSED || unsent != null) { // a second request before the first was sent: not ours to fix
            return;
        }
        unsent = request;
        unsentFrom = request.readerIndex();
        if (state == ACTIVE) {
            flushActive();
            return;
        }
        boolean sent;
        try {
            sent = send();
        } catch (IOException e) {
            connectFailed(e); // e.g. ECONNREFUSED, seen by the first send
            return;
        }
        if (sent) {
            state = ACTIVE;
            interest(unsent == null ? READ : WRITE_AND_READ);
            owner.onConnected(this);
        } else {
            interest(AWAIT_CONNECT); // still connecting: finishConnect sends it
        }
    }

    /** Active: sends what is unsent; waits for EPOLLOUT for the rest, if any. */
    private void flushActive() {
        try {
            send();
        } catch (IOException e) {
            fail(e);
            return;
        }
        interest(unsent == null ? READ : WRITE_AND_READ);
    }

    /**
     * Sends {@link #unsent} until done or the socket takes no more. Straight from the buffer's memory
     * when it has an address (no {@link ByteBuffer} per send).
     *
     * @return true if any byte was sent
     */
    private boolean send() throws IOException {
        ByteBuf b = unsent;
        int end = b.writerIndex();
        boolean sent = false;
        while (unsentFrom < end) {
            int n;
            if (b.hasMemoryAddress()) {
                n = socket.sendAddress(b.memoryAddress(), unsentFrom, end);
            } else {
                ByteBuffer nio = b.internalNioBuffer(unsentFrom, end - unsentFrom);
                n = socket.send(nio, nio.position(), nio.limit());
            }
            if (n <= 0) {
                break;
            }
            sent = true;
            unsentFrom += n;
        }
        if (unsentFrom >= end) {
            unsent = null;
        }
        return sent;
    }

    @Override
    public void close() {
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        unsent = null;
        registration.cancel();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we own: nothing to do about a failure
        }
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        EpollIoOps ready = ((EpollIoEvent) event).ops();
        if (state == CONNECTING) {
            finishConnect(); // writable, an error or a hang-up: the connect is over one way or the other
            return;
        }
        if (state != ACTIVE) {
            return;
        }
        if (unsent != null && ready.contains(EpollIoOps.EPOLLOUT)) {
            flushActive();
        }
        if (state == ACTIVE && (ready.contains(EpollIoOps.EPOLLIN) || ready.contains(EpollIoOps.EPOLLRDHUP)
                || ready.contains(EpollIoOps.EPOLLERR))) {
            read();
        }
    }

    private void finishConnect() {
        try {
            if (!socket.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            connectFailed(e);
            return;
        }
        if (unsent != null) {
            state = ACTIVE;
            flushActive();
            if (state == ACTIVE) {
                owner.onConnected(this);
            }
        } else {
            connected();
        }
    }

    private void connected() {
        state = ACTIVE;
        interest(READ);
        owner.onConnected(this);
    }

    /** Reads until the socket has nothing more for now, handing each read to the connection. */
    private void read() {
        ByteBuf buffer = worker.readBuffer();
        while (state == ACTIVE) {
            buffer.clear();
            int n;
            try {
                if (buffer.hasMemoryAddress()) {
                    n = socket.recvAddress(buffer.memoryAddress(), 0, buffer.capacity());
                } else {
                    ByteBuffer nio = buffer.internalNioBuffer(0, buffer.capacity());
                    n = socket.recv(nio, nio.position(), nio.limit());
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (n == 0) {
                return; // EAGAIN
            }
            if (n < 0) { // end of stream
                close();
                owner.onInactive(this);
                return;
            }
            buffer.writerIndex(n);
            owner.onData(this, buffer);
            if (n < buffer.capacity()) {
                return; // level-triggered: epoll reports what is left
            }
        }
    }

    private void connectFailed(IOException cause) {
        close();
        owner.onConnectFailed(this, cause);
    }

    private void fail(IOException cause) {
        close();
        owner.onFailure(this, cause);
    }

    private void interest(EpollIoOps ops) {
        if (ops != interest && state != CLOSED) {
            interest = ops;
            registration.submit(ops);
        }
    }
}
