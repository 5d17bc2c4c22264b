package io.perfharness.loadgen;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A small HTTP/1.1 server on 127.0.0.1 and a free port, answering every request the same way. */
final class TestHttpServer implements AutoCloseable {

    /** How every request is answered. */
    enum Mode {
        /** 200 with a Content-Length body, connection kept open. */
        KEEP_ALIVE,
        /** 200 with {@code Connection: close}, then the server closes (gunicorn sync workers). */
        CLOSE_EACH,
        /** 200 with a chunked body of several chunks. */
        CHUNKED,
        /** 500 with a small body, connection kept open. */
        STATUS_500,
        /** Like {@link #KEEP_ALIVE}, but each response is sent 50 ms after its request arrived. */
        SLOW_50MS,
        /** Like {@link #KEEP_ALIVE}, with a JSON body instead of plain text. */
        JSON
    }

    private static final byte[] BODY = "hello, world\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_BODY = "{\"hello\": [\"world\", 1, true, null]}\n".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> byRequestLine =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong open = new AtomicLong();

    private TestHttpServer(Mode mode) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-server", true),
                NioIoHandler.newFactory());
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        open.incrementAndGet();
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(new HttpServerCodec(), new Responder(mode));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    static TestHttpServer start(Mode mode) throws InterruptedException {
        return new TestHttpServer(mode);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + path);
    }

    /** @return requests answered so far */
    long requests() {
        return requests.get();
    }

    /** @return requests answered so far with this method and path (e.g. {@code "POST /checkout"}) */
    long requests(String methodAndPath) {
        AtomicLong n = byRequestLine.get(methodAndPath);
        return n == null ? 0 : n.get();
    }

    /** @return connections accepted so far */
    long connections() {
        return connections.get();
    }

    /** @return connections open now (accepted and not yet closed) */
    long openConnections() {
        return open.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Responder extends SimpleChannelInboundHandler<HttpObject> {
        private final Mode mode;
        private String requestLine = "";

        Responder(Mode mode) {
            this.mode = mode;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof io.netty.handler.codec.http.HttpRequest r) {
                requestLine = r.method() + " " + r.uri();
            }
            if (!(msg instanceof LastHttpContent)) {
                return; // answer once the whole request is in
            }
            requests.incrementAndGet();
            byRequestLine.computeIfAbsent(requestLine, k -> new AtomicLong()).incrementAndGet();
            if (requestLine.contains(" /missing")) {
                ctx.writeAndFlush(full(HttpResponseStatus.NOT_FOUND));
                return;
            }
            switch (mode) {
                case KEEP_ALIVE -> ctx.writeAndFlush(full(HttpResponseStatus.OK));
                case JSON -> ctx.writeAndFlush(full(HttpResponseStatus.OK, JSON_BODY));
                case STATUS_500 -> ctx.writeAndFlush(full(HttpResponseStatus.INTERNAL_SERVER_ERROR));
                case SLOW_50MS -> ctx.executor().schedule(() -> ctx.writeAndFlush(full(HttpResponseStatus.OK)),
                        50, TimeUnit.MILLISECONDS);
                case CLOSE_EACH -> {
                    FullHttpResponse r = full(HttpResponseStatus.OK);
                    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
                }
                case CHUNKED -> {
                    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                    ctx.write(head);
                    for (int i = 0; i < 3; i++) {
                        ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[1024])));
                    }
                    ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(BODY)));
                }
                default -> throw new IllegalStateException();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private FullHttpResponse full(HttpResponseStatus status) {
            return full(status, BODY);
        }

        private FullHttpResponse full(HttpResponseStatus status, byte[] body) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(body));
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            return r;
        }
    }
}
