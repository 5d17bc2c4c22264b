package io.perfharness.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A misbehaving server on 127.0.0.1 and a free port: plain sockets, one accept thread that
 * handles every connection itself.
 */
final class RawTcpServer implements AutoCloseable {

    /** What happens to each accepted connection. */
    enum Behaviour {
        /** Reads nothing, answers nothing, keeps the connection open until the server closes. */
        SILENT,
        /** Reads the request, then resets the connection (RST). */
        RESET,
        /** Reads the request, sends the head and part of a Content-Length body, then closes (FIN). */
        TRUNCATE,
        /**
         * Answers every request with {@code Connection: close}, then closes. Once, after the first
         * answer, it makes the client's next connect take at least 500 ms: before answering it
         * fills its accept queue (listen backlog 1) with two idle connections of its own, so the
         * kernel drops the client's SYN, and it empties the queue only 500 ms after closing; the
         * client's connect succeeds when it retransmits the SYN (initial RTO usually 1 s).
         */
        CLOSE_THEN_STALL_NEXT_CONNECT
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final Thread acceptor;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private boolean stalled;

    private RawTcpServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        int backlog = behaviour == Behaviour.CLOSE_THEN_STALL_NEXT_CONNECT ? 1 : 200;
        this.server = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "raw-server-" + behaviour);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RawTcpServer start(Behaviour behaviour) throws IOException {
        return new RawTcpServer(behaviour);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    long accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                handle(s);
            } catch (IOException e) {
                // closed, or one connection failed: carry on until closed
            }
        }
    }

    private void handle(Socket s) throws IOException {
        switch (behaviour) {
            case SILENT -> open.add(s);
            case RESET -> {
                try (s) {
                    readRequestHead(s);
                    s.setSoLinger(true, 0); // close() now sends RST
                }
            }
            case TRUNCATE -> {
                try (s) {
                    readRequestHead(s);
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b".getBytes(
                            StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
            case CLOSE_THEN_STALL_NEXT_CONNECT -> {
                List<Socket> fillers = new java.util.ArrayList<>();
                try (s) {
                    readRequestHead(s);
                    if (!stalled) {
                        stalled = true;
                        for (int i = 0; i < 2; i++) { // connected by the kernel, never accepted yet: queue full
                            fillers.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                        }
                    }
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                if (!fillers.isEmpty()) {
                    sleep(500); // the client's SYN arrives now and is dropped
                    for (Socket filler : fillers) {
                        server.accept().close();
                        filler.close();
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readRequestHead(Socket s) throws IOException {
        s.setSoTimeout(500);
        InputStream in = s.getInputStream();
        int matched = 0;
        try {
            int b;
            while (matched < 4 && (b = in.read()) != -1) {
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        } catch (SocketTimeoutException | SocketException e) {
            // act anyway
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        acceptor.join(2000);
        if (acceptor.isAlive()) {
            throw new IllegalStateException("accept thread of " + behaviour + " server still running");
        }
    }
}
