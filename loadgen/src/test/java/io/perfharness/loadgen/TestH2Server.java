package io.perfharness.loadgen;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP/2 server (h2c, prior knowledge) on 127.0.0.1 and a free port, for what nginx cannot be
 * made to do: by path, {@code /delay} answers 200 after 50 ms, {@code /reset} resets the stream
 * (RST_STREAM INTERNAL_ERROR), {@code /goaway} sends GOAWAY (ENHANCE_YOUR_CALM) and closes the
 * connection; anything else answers 200 {@code {}} at once. Counts connections, requests and the most
 * streams it had open at once.
 */
final class TestH2Server implements AutoCloseable {

    static final long DELAY_MS = 50;

    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();

    private TestH2Server() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-h2-server", true), NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        // no rapid-reset guards: the tests reset (and have the client cancel) thousands of streams
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().encoderEnforceMaxRstFramesPerWindow(0, 0)
                                .decoderEnforceMaxRstFramesPerWindow(0, 0).build(), new Streams());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    static TestH2Server start() throws InterruptedException {
        return new TestH2Server();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + path);
    }

    long connections() {
        return connections.get();
    }

    long requests() {
        return requests.get();
    }

    /** @return the most requests that were in progress at once, over all connections */
    int mostOpen() {
        return mostOpen.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers each request by its path, on the frame codec's streams. */
    private final class Streams extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h && h.isEndStream()) {
                    answer(ctx, h.stream(), h.headers().path().toString());
                } else if (msg instanceof Http2DataFrame d && d.isEndStream()) {
                    answer(ctx, d.stream(), "/");
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void answer(ChannelHandlerContext ctx, Http2FrameStream stream, String path) {
            requests.incrementAndGet();
            int now = open.incrementAndGet();
            mostOpen.accumulateAndGet(now, Math::max);
            switch (path) {
                case "/delay" -> ctx.executor().schedule(() -> respond(ctx, stream), DELAY_MS, TimeUnit.MILLISECONDS);
                case "/reset" -> {
                    open.decrementAndGet();
                    ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR).stream(stream));
                }
                case "/goaway" -> {
                    open.decrementAndGet();
                    ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.ENHANCE_YOUR_CALM))
                            .addListener(ChannelFutureListener.CLOSE);
                }
                default -> respond(ctx, stream);
            }
        }

        private void respond(ChannelHandlerContext ctx, Http2FrameStream stream) {
            open.decrementAndGet();
            if (!ctx.channel().isActive()) {
                return;
            }
            ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                    .set("content-type", "application/json")).stream(stream));
            ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("{}", StandardCharsets.US_ASCII), true)
                    .stream(stream));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
