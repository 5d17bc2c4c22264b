package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLHandshakeException;

/**
 * One HTTP/2 connection of an {@link H2Connection}: a Netty channel whose pipeline is this handler
 * (Netty's {@link Http2ConnectionHandler}: framing, HPACK, flow control, SETTINGS and PING acks) behind
 * a TLS handler for h2 over TLS, where ALPN must select {@code h2}. Netty's frame codec ({@code Http2FrameCodec}) and multiplexer would add
 * a frame object per frame and a child channel per stream; this is the layer both are built on, with the
 * frames handed straight to the connection as calls. It reports to its owner with itself as the argument,
 * so the owner can ignore a handler it has replaced. Confined to the loop.
 * <p>
 * Flow control as h2load's defaults: stream and connection windows of 2^30 − 1 bytes, so a body rarely
 * waits for a WINDOW_UPDATE; data is consumed as it is read.
 */
final class H2Handler extends Http2ConnectionHandler implements ChannelFutureListener {

    /** Receive window of each stream and of the connection, bytes (h2load's {@code -w 30 -W 30}). */
    static final int WINDOW = (1 << 30) - 1;

    private final H2Connection owner;
    private final Channel channel;
    /** Null for h2c. */
    private final SslHandler tls;
    /** When TCP connected, {@link System#nanoTime()} ns and epoch ms: the TLS handshake's start. */
    private long connectedNanos;
    private long connectedMillis;
    private ChannelHandlerContext ctx;
    private ChannelFuture registered;
    private ChannelFuture connecting;
    /**
     * The channel is active, the TLS handshake (if any) done with h2 selected, and the preface sent. Not the connect future's success: its listeners run
     * before {@code channelActive}, and a request written then would go ahead of the preface.
     */
    private boolean active;
    /** Streams in flight on this connection, by stream id; their owner's per-request state. */
    final IntObjectHashMap<H2Connection.Slot> streams = new IntObjectHashMap<>();
    /** Bytes are being read: requests written now are flushed once the read is over. */
    private boolean reading;
    /** The server's GOAWAY came: no new streams; -1 until then, else its last stream id. */
    private int goAwayLastStream = -1;
    private long goAwayError;

    private H2Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
                      H2Connection owner, Channel channel, SslHandler tls) {
        super(decoder, encoder, settings);
        this.owner = owner;
        this.channel = channel;
        this.tls = tls;
        gracefulShutdownTimeoutMillis(0); // a close is an abort: no wait for streams in flight
        connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                owner.onStreamClosed(H2Handler.this);
            }
        });
    }

    /**
     * Makes the handler for a new channel and registers the channel with {@code loop} (at once, on the
     * loop's thread); {@link #connect} connects it.
     *
     * @param channel a new, unregistered channel
     * @param tls     for h2 over TLS, a TLS handler offering ALPN {@code h2}, made for the server's host and port;
     *                null for h2c
     */
    static H2Handler open(H2Connection owner, Channel channel, EventLoop loop, SslHandler tls) {
        H2Handler h = new Builder(owner, channel, tls).build();
        if (tls != null) {
            channel.pipeline().addLast("tls", tls);
        }
        channel.pipeline().addLast("h2", h);
        h.registered = loop.register(channel);
        return h;
    }

    /**
     * Connects; the outcome comes as {@link H2Connection#onConnected}, possibly before this returns (on
     * loopback the connect is often over at once), so the owner must already hold this handler.
     */
    void connect(InetSocketAddress address) {
        connecting = registered.isDone() && !registered.isSuccess()
                ? registered
                : channel.connect(address); // queued behind the registration if it is not done
        connecting.addListener(this);
    }

    /** Connect outcome: a failure is reported here, a success once the preface is sent ({@link #channelActive}). */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (!f.isSuccess()) {
            owner.onConnected(this, false);
        }
    }

    /** @return true while connecting (until the preface is sent, or the connect failed) */
    boolean isConnecting() {
        return !active && (connecting == null || !connecting.isDone() || connecting.isSuccess()) && channel.isOpen();
    }

    /** @return true if connected, open, and new streams may be started (no GOAWAY came) */
    boolean usable() {
        return active && channel.isActive() && goAwayLastStream < 0;
    }

    /** @return true if a new stream would stay within the server's SETTINGS_MAX_CONCURRENT_STREAMS */
    boolean canOpenStream() {
        return connection().local().canOpenStream();
    }

    /** @return true once the server has sent GOAWAY */
    boolean goneAway() {
        return goAwayLastStream >= 0;
    }

    /** @return the error code of the server's GOAWAY (0: NO_ERROR, a graceful shutdown) */
    long goAwayError() {
        return goAwayError;
    }

    /**
     * Starts a stream with {@code request} on it; only when {@link #usable()} and {@link #canOpenStream()}.
     * Flushed at once unless a read is in progress (then at its end, with the others written meanwhile).
     *
     * @return the new stream's id
     */
    int write(H2Request request, H2Connection.Slot slot) {
        int id = connection().local().incrementAndGetNextStreamId();
        streams.put(id, slot);
        ByteBuf body = request.body();
        encoder().writeHeaders(ctx, id, request.headers(), 0, body == null, ctx.voidPromise());
        if (body != null) {
            encoder().writeData(ctx, id, body.duplicate(), 0, true, ctx.voidPromise());
        }
        if (!reading) {
            flush(ctx);
        }
        return id;
    }

    /** Cancels a stream the client gave up on (RST_STREAM CANCEL); the server may go on with it. */
    void cancel(int streamId) {
        streams.remove(streamId);
        if (channel.isActive()) {
            resetStream(ctx, streamId, Http2Error.CANCEL.code(), ctx.voidPromise());
            if (!reading) {
                flush(ctx);
            }
        }
    }

    /** Closes the connection (no event follows for its streams: the owner has dropped them). */
    void close() {
        streams.clear();
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx); // the preface and SETTINGS (with TLS: sent once the handshake is done)
        Http2Stream connectionStream = connection().connectionStream();
        int more = WINDOW - decoder().flowController().initialWindowSize(connectionStream);
        if (more > 0) {
            decoder().flowController().incrementWindowSize(connectionStream, more);
        }
        if (tls == null) {
            ready();
            return;
        }
        connectedNanos = System.nanoTime();
        connectedMillis = System.currentTimeMillis();
        tls.handshakeFuture().addListener(this::handshakeDone);
    }

    /** TLS: the handshake's outcome; h2 over TLS needs the server to select {@code h2} by ALPN. */
    private void handshakeDone(Future<? super Channel> f) {
        if (!f.isSuccess()) {
            String why = TlsFailures.describe(f.cause());
            // a server that knows ALPN but not h2 refuses the handshake (alert 120, no_application_protocol)
            owner.onHandshakeFailed(this, why.toLowerCase(java.util.Locale.ROOT).contains("no_application_protocol")
                    ? new SSLHandshakeException("the server did not select h2 by ALPN (it answered " + why
                            + "): it does not speak HTTP/2 over TLS")
                    : f.cause());
            return;
        }
        String selected = tls.applicationProtocol();
        if (!ApplicationProtocolNames.HTTP_2.equals(selected)) {
            owner.onHandshakeFailed(this, new SSLHandshakeException("the server did not select h2 by ALPN ("
                    + (selected == null ? "it selected no protocol" : "it selected " + selected)
                    + "): it does not speak HTTP/2 over TLS"));
            return;
        }
        owner.onHandshake(this, System.nanoTime() - connectedNanos, TlsClient.resumed(tls.engine(), connectedMillis));
        ready();
    }

    private void ready() {
        active = true;
        owner.onConnected(this, true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        reading = true;
        try {
            super.channelRead(ctx, msg);
        } finally {
            reading = false;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (tls != null && !tls.handshakeFuture().isDone()) {
            ctx.close(); // a failed handshake is reported by its future, not as an HTTP/2 connection error
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            owner.onInactive(this);
        }
    }

    @Override
    protected void onStreamError(ChannelHandlerContext ctx, boolean outbound, Throwable cause,
                                 Http2Exception.StreamException e) {
        super.onStreamError(ctx, outbound, cause, e); // resets the stream
        owner.onStreamFailed(this, e.streamId());
    }

    /** The frames of the server, handed to the owner. */
    private final class Frames extends Http2FrameAdapter {
        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                                  boolean endOfStream) {
            owner.onHeaders(H2Handler.this, streamId, headers, endOfStream);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                                  short weight, boolean exclusive, int padding, boolean endOfStream) {
            owner.onHeaders(H2Handler.this, streamId, headers, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            int consumed = data.readableBytes() + padding; // consumed at once: the window reopens as it is read
            owner.onData(H2Handler.this, streamId, data, endOfStream);
            return consumed;
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
            owner.onReset(H2Handler.this, streamId, errorCode);
        }

        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
            goAwayLastStream = lastStreamId;
            goAwayError = errorCode;
            owner.onGoAway(H2Handler.this, lastStreamId, errorCode);
        }
    }

    /** Netty's builder, for a client handler with h2load's windows, no server push, and {@link Frames} as listener. */
    private static final class Builder extends AbstractHttp2ConnectionHandlerBuilder<H2Handler, Builder> {
        private final H2Connection owner;
        private final Channel channel;
        private final SslHandler tls;

        Builder(H2Connection owner, Channel channel, SslHandler tls) {
            this.owner = owner;
            this.channel = channel;
            this.tls = tls;
            // a client connection (so no server(false): the builder refuses both) whose requests' bodies, if
            // any, share the connection's window evenly: no priority tree per stream (Netty's default,
            // WeightedFairQueueByteDistributor, showed in the profile)
            DefaultHttp2Connection c = new DefaultHttp2Connection(false);
            c.remote().flowController(new DefaultHttp2RemoteFlowController(c, new UniformStreamByteDistributor(c)));
            connection(c);
            validateHeaders(false); // the server's headers are read for :status only
            // a server resetting many streams is what the load measures (counted as reset errors), not an
            // attack to defend against by closing the connection (Netty's default: 200 per 30 s)
            decoderEnforceMaxRstFramesPerWindow(0, 0);
            initialSettings(Http2Settings.defaultSettings().pushEnabled(false).initialWindowSize(WINDOW));
        }

        @Override
        protected H2Handler build() {
            return super.build();
        }

        @Override
        protected H2Handler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                  Http2Settings settings) {
            H2Handler h = new H2Handler(decoder, encoder, settings, owner, channel, tls);
            frameListener(h.new Frames());
            return h;
        }
    }
}
