package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import io.perfharness.bench.json.Payload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * The load generator's per-request wire work, to decide whether Netty's HTTP codec is the cost
 * (STYLE.md: keep HttpClientCodec's decoder unless this shows it is). Requests and responses go
 * through an EmbeddedChannel with the load generator's own handlers; no socket is involved.
 *
 * Response: what a gunicorn sync worker sends for the default target: status line, Server, Date,
 * Connection: close, Content-Type, Content-Length and the app's 4350-byte JSON body.
 *  - decodeResponse: the response through Netty's HttpResponseDecoder (what the load generator
 *    used first) into a handler that reads what the load generator needs (status, keep-alive, the
 *    end of the body) and releases every message. readSize is the bytes per socket read: 65536
 *    delivers the response in one read; 2048 (the first guess of Netty's adaptive read allocator)
 *    in three, so the decoder also accumulates and emits body chunks.
 *  - parseResponse: the same bytes, in the same reads, through the load generator's own
 *    ResponseParser, which replaced the decoder: no objects per response, the body skipped by
 *    arithmetic. decodeResponse minus parseResponse is what the replacement saves per response.
 *  - baselineScanBytes: every byte of the response looked at once (a ByteProcessor counting
 *    line feeds): what merely reading the response costs. The decoder can beat it: it parses the
 *    ~150-byte head and hands the body on as a slice, by Content-Length, without reading it.
 *  - handParseHead: a minimal hand-written parser: status, Content-Length and Connection from
 *    the head, body skipped by length, no objects made: a floor for any parser.
 * Request:
 *  - writePreEncodedRequest: what ClientConnection does per request: a retained duplicate of the
 *    request encoded once (RequestTarget, in a direct buffer as LoopWorker keeps it) written and
 *    flushed through the pipeline.
 *  - writeWithNettyEncoder: the alternative we did not take: a FullHttpRequest built and encoded
 *    by HttpRequestEncoder (HttpClientCodec's encoder half) on every request.
 *  - encodeRequestTarget: RequestTarget.encode, paid once per URL at start, for scale.
 *
 * Mode: average time, unit ns per response / request. State: Scope.Thread (one event loop's
 * view); wire bytes in direct buffers made in @Setup, whose reference counts are checked in
 * @TearDown (a leak fails the run). Each method returns a value that depends on its work, so
 * nothing is dead code; inputs are non-final fields, so nothing is constant-folded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpCodecBenchmark {

    private static final URI URL = URI.create("http://127.0.0.1:8001/");

    private ByteBuf response;
    private ByteBuf request;
    private LoadSpec spec;
    private URI url;
    private EmbeddedChannel requestChannel;
    private EmbeddedChannel encoderChannel;
    private final LineFeeds lineFeeds = new LineFeeds();

    /** The gunicorn response, as it arrives; the body is the app's default document. */
    static byte[] gunicornResponse() {
        byte[] body = Payload.json("4");
        byte[] head = ("HTTP/1.1 200 OK\r\n"
                + "Server: gunicorn\r\n"
                + "Date: Sun, 23 Nov 2026 14:10:39 GMT\r\n"
                + "Connection: close\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    @Setup
    public void setUp() {
        byte[] bytes = gunicornResponse();
        response = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        spec = LoadSpec.builder(URL).build();
        url = URL;
        byte[] encoded = RequestTarget.encode(spec, url);
        request = Unpooled.directBuffer(encoded.length).writeBytes(encoded);
        requestChannel = new EmbeddedChannel(new HttpResponseDecoder(), new ResponseSink());
        encoderChannel = new EmbeddedChannel(new HttpRequestEncoder());
        long parsed = handParseHead();
        if (parsed != (4350L << 12 | 200 << 1 | 1)) {
            throw new IllegalStateException("hand parser read " + parsed);
        }
    }

    @TearDown
    public void tearDown() {
        requestChannel.finishAndReleaseAll();
        encoderChannel.finishAndReleaseAll();
        checkReleased("response", response);
        checkReleased("request", request);
    }

    static void checkReleased(String what, ByteBuf buf) {
        int refCnt = buf.refCnt();
        buf.release();
        if (refCnt != 1) {
            throw new IllegalStateException(what + " buffer leaked: reference count " + refCnt + ", expected 1");
        }
    }

    /** The decoding side: the loadgen's decoder on its own channel, fed {@code readSize} bytes per read. */
    @State(Scope.Thread)
    public static class Reads {
        /** Bytes per socket read: 65536 = the response in one read, 2048 = in three. */
        @Param({"65536", "2048"})
        public int readSize;

        ByteBuf response;
        EmbeddedChannel channel;
        ResponseSink sink;
        final ResponseParser parser = new ResponseParser();

        @Setup
        public void setUp() {
            byte[] bytes = gunicornResponse();
            response = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
            sink = new ResponseSink();
            channel = new EmbeddedChannel(new HttpResponseDecoder(), sink);
            decode();
            if (sink.responses != 1 || sink.status != 200 || sink.keepAlive || sink.bodyBytes != 4350
                    || sink.failures != 0) {
                throw new IllegalStateException("decoded status " + sink.status + ", keep-alive " + sink.keepAlive
                        + ", " + sink.bodyBytes + " body bytes, " + sink.failures + " failures");
            }
        }

        /** @return the status, once the parser has seen the whole response in {@code readSize} reads */
        int parse() {
            parser.reset(false);
            int length = response.readableBytes();
            int result = ResponseParser.NEED_MORE;
            for (int offset = 0; offset < length && result == ResponseParser.NEED_MORE; offset += readSize) {
                ByteBuf read = response.slice(offset, Math.min(readSize, length - offset));
                result = parser.parse(read);
            }
            if (result != ResponseParser.COMPLETE) {
                throw new IllegalStateException("parser result " + result);
            }
            return parser.status();
        }

        long decode() {
            int length = response.readableBytes();
            for (int offset = 0; offset < length; offset += readSize) {
                channel.pipeline().fireChannelRead(response.retainedSlice(offset, Math.min(readSize, length - offset)));
            }
            channel.pipeline().fireChannelReadComplete();
            return sink.responses;
        }

        @TearDown
        public void tearDown() {
            long failures = sink.failures;
            channel.finishAndReleaseAll();
            checkReleased("response", response);
            if (failures != 0) {
                throw new IllegalStateException(failures + " responses failed to decode");
            }
        }
    }

    /** Reads what ResponseHandler and ClientConnection read of a response; releases every message. */
    static final class ResponseSink extends SimpleChannelInboundHandler<HttpObject> {
        int status;
        boolean keepAlive;
        long bodyBytes;
        long responses;
        long failures;

        ResponseSink() {
            super(HttpObject.class, true);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg.decoderResult().isFailure()) {
                failures++;
                return;
            }
            if (msg instanceof HttpResponse r) {
                status = r.status().code();
                keepAlive = HttpUtil.isKeepAlive(r);
                bodyBytes = 0;
            }
            if (msg instanceof HttpContent c) {
                bodyBytes += c.content().readableBytes();
            }
            if (msg instanceof LastHttpContent) {
                responses++;
            }
        }
    }

    /** Counts line feeds: a scan that looks at every byte and does next to nothing with it. */
    static final class LineFeeds implements ByteProcessor {
        int count;

        @Override
        public boolean process(byte value) {
            if (value == '\n') {
                count++;
            }
            return true;
        }
    }

    @Benchmark
    public long decodeResponse(Reads reads) {
        return reads.decode();
    }

    @Benchmark
    public int parseResponse(Reads reads) {
        return reads.parse();
    }

    @Benchmark
    public int baselineScanBytes() {
        lineFeeds.count = 0;
        response.forEachByte(lineFeeds);
        return lineFeeds.count;
    }

    /**
     * @return {@code contentLength << 12 | status << 1 | (Connection: close ? 1 : 0)}, or -1 when the
     *         head or body is incomplete
     */
    @Benchmark
    public long handParseHead() {
        ByteBuf b = response;
        int start = b.readerIndex();
        int end = b.writerIndex();
        int status = (b.getByte(start + 9) - '0') * 100 + (b.getByte(start + 10) - '0') * 10
                + (b.getByte(start + 11) - '0');
        long length = -1;
        boolean close = false;
        int line = b.indexOf(start, end, (byte) '\n') + 1;
        while (line > 0) {
            int eol = b.indexOf(line, end, (byte) '\n');
            if (eol < 0) {
                return -1;
            }
            if (eol - line <= 1) { // the blank line: the body follows
                return length >= 0 && end - (eol + 1) >= length ? length << 12 | status << 1 | (close ? 1 : 0) : -1;
            }
            if (startsWithIgnoreCase(b, line, eol, "content-length:")) {
                length = 0;
                for (int i = line + 15; i < eol; i++) {
                    byte c = b.getByte(i);
                    if (c >= '0' && c <= '9') {
                        length = length * 10 + (c - '0');
                    }
                }
            } else if (startsWithIgnoreCase(b, line, eol, "connection:")) {
                close = containsIgnoreCase(b, line + 11, eol, "close");
            }
            line = eol + 1;
        }
        return -1;
    }

    private static boolean startsWithIgnoreCase(ByteBuf b, int from, int to, String lowerPrefix) {
        if (to - from < lowerPrefix.length()) {
            return false;
        }
        for (int i = 0; i < lowerPrefix.length(); i++) {
            if ((b.getByte(from + i) | 0x20) != lowerPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsIgnoreCase(ByteBuf b, int from, int to, String lower) {
        for (int i = from; i + lower.length() <= to; i++) {
            if (startsWithIgnoreCase(b, i, to, lower)) {
                return true;
            }
        }
        return false;
    }

    @Benchmark
    public int writePreEncodedRequest() {
        requestChannel.writeAndFlush(request.retainedDuplicate(), requestChannel.voidPromise());
        ByteBuf out = requestChannel.readOutbound();
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int writeWithNettyEncoder() {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.HOST, "127.0.0.1:8001");
        encoderChannel.writeAndFlush(r, encoderChannel.voidPromise());
        int n = 0;
        for (ByteBuf out; (out = encoderChannel.readOutbound()) != null; ) {
            n += out.readableBytes();
            out.release();
        }
        return n;
    }

    @Benchmark
    public byte[] encodeRequestTarget() {
        return RequestTarget.encode(spec, url);
    }
}
