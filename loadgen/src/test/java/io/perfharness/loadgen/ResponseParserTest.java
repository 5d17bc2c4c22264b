package io.perfharness.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n";

    /** What parsing one response, fed in pieces, came to. */
    private record Outcome(int result, int status, boolean keepAlive, String body, int leftOver) {
    }

    /** Feeds {@code response} in pieces of at most {@code piece} bytes until the parser is done. */
    private static Outcome parse(String response, int piece, boolean head) {
        ResponseParser p = new ResponseParser();
        p.reset(head);
        ByteBuf body = Unpooled.buffer();
        p.captureBody(body, 1 << 20);
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        int result = ResponseParser.NEED_MORE;
        int leftOver = 0;
        for (int i = 0; i < bytes.length && result == ResponseParser.NEED_MORE; i += piece) {
            int length = Math.min(piece, bytes.length - i);
            ByteBuf in = Unpooled.wrappedBuffer(bytes, i, length);
            result = p.parse(in);
            leftOver = in.readableBytes() + bytes.length - i - length;
        }
        return new Outcome(result, p.status(), p.keepAlive(), body.toString(StandardCharsets.ISO_8859_1), leftOver);
    }

    /** The outcome must not depend on where the reads split the response. */
    private static Outcome parseSplitEveryWay(String response, boolean head) {
        Outcome whole = parse(response, Integer.MAX_VALUE, head);
        List<Outcome> others = new ArrayList<>();
        for (int piece = 1; piece < response.length(); piece++) {
            others.add(parse(response, piece, head));
        }
        assertThat(others).allSatisfy(o -> assertThat(o).isEqualTo(whole));
        return whole;
    }

    @Test
    void contentLengthBodyEndsTheResponseWhateverTheReadsAre() {
        Outcome o = parseSplitEveryWay("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-length: 5\r\n\r\nhello", false);

        assertThat(o).isEqualTo(new Outcome(ResponseParser.COMPLETE, 200, true, "hello", 0));
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailersIsDecoded() {
        Outcome o = parseSplitEveryWay(CHUNKED, false);

        assertThat(o).isEqualTo(new Outcome(ResponseParser.COMPLETE, 200, true, "hello, world", 0));
    }

    @Test
    void bytesAfterTheResponseAreLeftInTheBuffer() {
        Outcome o = parse("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1", Integer.MAX_VALUE, false);

        assertThat(o.result()).isEqualTo(ResponseParser.COMPLETE);
        assertThat(o.status()).isEqualTo(204);
        assertThat(o.leftOver()).isEqualTo(8);
    }

    @Test
    void connectionHeaderAndVersionDecideKeepAlive() {
        assertThat(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100, false).keepAlive())
                .isFalse();
        assertThat(parse("HTTP/1.1 200 OK\r\nCONNECTION: Close\r\nContent-Length: 0\r\n\r\n", 100, false).keepAlive())
                .isFalse();
        assertThat(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 100, false).keepAlive()).isFalse();
        assertThat(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", 100, false)
                .keepAlive()).isTrue();
    }

    @Test
    void bodyWithoutLengthRunsUntilTheConnectionCloses() {
        ResponseParser p = new ResponseParser();
        p.reset(false);

        int result = p.parse(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n\r\nsome body", StandardCharsets.US_ASCII));

        assertThat(result).isEqualTo(ResponseParser.NEED_MORE);
        assertThat(p.closed()).isTrue();
        assertThat(p.complete()).isTrue();
        assertThat(p.keepAlive()).isFalse();
    }

    @Test
    void closeInTheMiddleOfALengthDelimitedBodyIsNotAnEnd() {
        ResponseParser p = new ResponseParser();
        p.reset(false);

        p.parse(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b", StandardCharsets.US_ASCII));

        assertThat(p.closed()).isFalse();
        assertThat(p.complete()).isFalse();
    }

    @Test
    void responsesWithoutBodyEndAfterTheirHead() {
        String announced = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
        assertThat(parseSplitEveryWay(announced, true)).isEqualTo(new Outcome(ResponseParser.COMPLETE, 200, true, "", 0));
        assertThat(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 1000\r\n\r\n", 100, false).result())
                .isEqualTo(ResponseParser.COMPLETE);
        assertThat(parse("HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n", 100, false).result())
                .isEqualTo(ResponseParser.COMPLETE);
    }

    @Test
    void interimResponsesAreSkippedForTheFinalOne() {
        Outcome o = parseSplitEveryWay("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", false);

        assertThat(o).isEqualTo(new Outcome(ResponseParser.COMPLETE, 201, true, "ok", 0));
    }

    @Test
    void statusLineWithoutReasonIsAccepted() {
        assertThat(parse("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", 100, false))
                .isEqualTo(new Outcome(ResponseParser.COMPLETE, 404, true, "", 0));
    }

    @Test
    void malformedResponsesAreReportedAndStayMalformed() {
        for (String bad : List.of("HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "ICY 200 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY\r\n")) {
            ResponseParser p = new ResponseParser();
            p.reset(false);
            assertThat(p.parse(Unpooled.copiedBuffer(bad, StandardCharsets.US_ASCII))).as(bad)
                    .isEqualTo(ResponseParser.MALFORMED);
            assertThat(p.error()).as(bad).isNotBlank();
            assertThat(p.parse(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\n\r\n", StandardCharsets.US_ASCII)))
                    .isEqualTo(ResponseParser.MALFORMED);
        }
    }

    @Test
    void aLineLongerThanTheLimitIsMalformedEvenInPieces() {
        ResponseParser p = new ResponseParser();
        p.reset(false);
        p.parse(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nX-Long: ", StandardCharsets.US_ASCII));
        int result = ResponseParser.NEED_MORE;
        for (int i = 0; i < 10 && result == ResponseParser.NEED_MORE; i++) {
            result = p.parse(Unpooled.wrappedBuffer(new byte[1000]));
        }

        assertThat(result).isEqualTo(ResponseParser.MALFORMED);
    }

    @Test
    void aLineAtTheLimitIsAcceptedWhateverTheReadsAndOneByteMoreIsNot() {
        // the line before its LF: "X-Long: " + the a's + CR = MAX_LINE bytes, far more than the parser copies at first
        String atLimit = "X-Long: " + "a".repeat(ResponseParser.MAX_LINE - 9) + "\r";
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
        String tail = "\nContent-Length: 2\r\n\r\nok";

        Outcome o = parseSplitEveryWay(head + atLimit + tail, false);

        assertThat(o).isEqualTo(new Outcome(ResponseParser.COMPLETE, 200, true, "ok", 0));
        for (int piece : new int[] {1, 7, 511, 512, 513, 4096, Integer.MAX_VALUE}) {
            assertThat(parse(head + "b" + atLimit + tail, piece, false).result()).as("piece %d", piece)
                    .isEqualTo(ResponseParser.MALFORMED);
        }
    }

    @Test
    void capturedBodyStopsAtItsLimit() {
        ResponseParser p = new ResponseParser();
        p.reset(false);
        ByteBuf body = Unpooled.buffer();
        p.captureBody(body, 8);

        p.parse(Unpooled.copiedBuffer(CHUNKED, StandardCharsets.US_ASCII));

        assertThat(body.toString(StandardCharsets.US_ASCII)).isEqualTo("hello, w");
        assertThat(p.bodyTruncated()).isTrue();
        assertThat(p.complete()).isTrue();
    }

    @Test
    void theParserIsReusedForTheNextResponse() {
        ResponseParser p = new ResponseParser();
        ByteBuf two = Unpooled.copiedBuffer("HTTP/1.1 500 Oops\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"
                + "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\ny", StandardCharsets.US_ASCII);

        p.reset(false);
        assertThat(p.parse(two)).isEqualTo(ResponseParser.COMPLETE);
        assertThat(p.status()).isEqualTo(500);
        assertThat(p.keepAlive()).isFalse();
        p.reset(false);
        assertThat(p.parse(two)).isEqualTo(ResponseParser.COMPLETE);
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.keepAlive()).isTrue();
        assertThat(two.isReadable()).isFalse();
    }
}
