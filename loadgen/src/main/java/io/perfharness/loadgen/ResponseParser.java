package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte-level HTTP/1.1 response parser that keeps nothing of a response but its status, whether the
 * connection stays open, and (when asked) its body. It reads straight from the received
 * {@link ByteBuf}s: no objects per response, no header strings; a body is skipped by arithmetic.
 * It replaced Netty's {@code HttpResponseDecoder}, which built a response object, a header map and
 * a content object per buffer for every response: against nginx (keep-alive, 4 KB JSON) the event
 * loop's user CPU per request went from ~3 µs to ~2 µs (the kernel's ~8 µs is the rest), and the
 * JIT compilation still running after the warm-up roughly halved.
 * <p>
 * Understands what a load needs: status line (HTTP/1.0 and 1.1), {@code Content-Length},
 * {@code Transfer-Encoding: chunked} (chunk extensions and trailers skipped), bodies delimited by
 * the connection closing, responses without a body (HEAD, 1xx, 204, 304), interim 1xx responses
 * (skipped; the final one follows), {@code Connection: close / keep-alive}. A line longer than
 * {@link #MAX_LINE} bytes, a malformed status line, chunk size or Content-Length is an error.
 * <p>
 * Usage, per request: {@link #reset(boolean)}, then {@link #parse(ByteBuf)} with each buffer read
 * until it returns {@link #COMPLETE}; then {@link #status()} and {@link #keepAlive()} describe the
 * response. Not thread-safe; one per connection.
 */
final class ResponseParser {

    /** {@link #parse} consumed the whole buffer and the response is not over. */
    static final int NEED_MORE = 0;
    /** {@link #parse} reached the end of the response; bytes after it are left in the buffer. */
    static final int COMPLETE = 1;
    /** {@link #parse} found a malformed response ({@link #error()} says what); the connection is unusable. */
    static final int MALFORMED = -1;

    /** Longest status, header, chunk-size or trailer line accepted, bytes (Netty's default header limit). */
    static final int MAX_LINE = 8192;

    private static final int STATUS_LINE = 0;
    private static final int HEADER_LINE = 1;
    private static final int BODY_LENGTH = 2;
    private static final int CHUNK_SIZE = 3;
    private static final int CHUNK_DATA = 4;
    private static final int CHUNK_DATA_END = 5;
    private static final int TRAILER_LINE = 6;
    private static final int BODY_UNTIL_CLOSE = 7;
    private static final int DONE = 8;
    private static final int FAILED = 9;

    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private int state = DONE;
    private boolean head;

    // the response so far
    private int status;
    private boolean http11;
    private boolean close;
    private boolean keepAliveHeader;
    private long contentLength;
    private boolean chunked;
    /** Body bytes still to come: of the Content-Length body, or of the current chunk. */
    private long remaining;
    private String error;

    /**
     * Bytes of the buffer being parsed, copied out in one bulk copy per read rather than one per line
     * (parsing a byte array is much cheaper than {@code ByteBuf.getByte} per byte, and each copy out
     * of a direct buffer has a fixed cost of bounds checks and calls: against gunicorn the copy and
     * search per line were ~2 µs of the ~15 µs of user CPU per request). {@code line[0, carry)} is the
     * start of a line split over reads, kept from the earlier read(s); {@code line[windowBase,
     * windowBase + windowLength)} are the buffer's bytes from index {@link #windowFrom}. Grows, only
     * for a line that does not fit, up to {@link #MAX_LINE} + 1 bytes.
     */
    private byte[] line = new byte[512];
    private int carry;
    /** Buffer index of {@code line[windowBase]}; -1 if the window holds nothing of the buffer being parsed. */
    private int windowFrom = -1;
    private int windowBase;
    private int windowLength;

    // body capture (optional)
    private ByteBuf body;
    private int bodyLimit;
    private boolean bodyTruncated;

    /**
     * Prepares for the response to the next request.
     *
     * @param headRequest true if the request is a HEAD: the response has no body whatever it announces
     */
    void reset(boolean headRequest) {
        head = headRequest;
        state = STATUS_LINE;
        carry = 0;
        windowFrom = -1;
        error = null;
        body = null;
        startResponse();
    }

    private void startResponse() {
        status = 0;
        http11 = false;
        close = false;
        keepAliveHeader = false;
        contentLength = -1;
        chunked = false;
        remaining = 0;
    }

    /**
     * Also keeps the body of the response being parsed: its bytes (after chunked decoding) are
     * appended to {@code sink}, at most {@code limit} of them. Call after {@link #reset(boolean)}.
     *
     * @param sink  where the body goes; the caller owns and releases it
     * @param limit most body bytes to keep; more are skipped and {@link #bodyTruncated()} is set
     */
    void captureBody(ByteBuf sink, int limit) {
        body = sink;
        bodyLimit = limit;
        bodyTruncated = false;
    }

    /** @return true if the captured body was longer than the capture limit */
    boolean bodyTruncated() {
        return bodyTruncated;
    }

    /**
     * Consumes bytes of {@code in} up to the end of the response, or all of them.
     *
     * @return {@link #COMPLETE}, {@link #NEED_MORE} or {@link #MALFORMED}
     */
    int parse(ByteBuf in) {
        windowFrom = -1; // a new read: the window holds the bytes of the last one
        while (true) {
            switch (state) {
                case STATUS_LINE, HEADER_LINE, CHUNK_SIZE, CHUNK_DATA_END, TRAILER_LINE -> {
                    int result = line(in);
                    if (result != COMPLETE) {
                        return result;
                    }
                    if (state == DONE) {
                        return COMPLETE;
                    }
                }
                case BODY_LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.readableBytes());
                    if (n == 0 && remaining > 0) {
                        return NEED_MORE;
                    }
                    skipBody(in, n);
                    remaining -= n;
                    if (remaining > 0) {
                        return NEED_MORE;
                    }
                    if (state == BODY_LENGTH) {
                        state = DONE;
                        return COMPLETE;
                    }
                    state = CHUNK_DATA_END;
                }
                case BODY_UNTIL_CLOSE -> {
                    skipBody(in, in.readableBytes());
                    return NEED_MORE;
                }
                case DONE -> {
                    return COMPLETE;
                }
                default -> {
                    return MALFORMED;
                }
            }
        }
    }

    /**
     * The connection closed: ends a response whose body runs until the close.
     *
     * @return true if that completed the response; false if the close cut it short (or none was expected)
     */
    boolean closed() {
        if (state == BODY_UNTIL_CLOSE) {
            state = DONE;
            return true;
        }
        return false;
    }

    /** @return true once the response has ended */
    boolean complete() {
        return state == DONE;
    }

    /** @return the final status code of the response, once its status line has been parsed */
    int status() {
        return status;
    }

    /** @return true if the connection can carry the next request after this response */
    boolean keepAlive() {
        return http11 ? !close : keepAliveHeader && !close;
    }

    /** @return why the response was malformed, or null */
    String error() {
        return error;
    }

    private void skipBody(ByteBuf in, int n) {
        if (body != null && n > 0) {
            int keep = Math.min(n, bodyLimit - body.readableBytes());
            if (keep > 0) {
                body.writeBytes(in, in.readerIndex(), keep);
            }
            if (keep < n) {
                bodyTruncated = true;
            }
        }
        in.skipBytes(n);
    }

    /** Takes one line from {@code in} (or keeps its start for later) and handles it. */
    private int line(ByteBuf in) {
        int end = in.writerIndex();
        while (true) {
            int start = in.readerIndex();
            if (windowFrom < 0 || start < windowFrom || start >= windowFrom + windowLength) {
                if (start == end) {
                    return NEED_MORE;
                }
                fill(in, start, end);
            }
            byte[] b = line;
            int from = windowBase + (start - windowFrom);
            int stop = windowBase + windowLength;
            int lf = from;
            while (lf < stop && b[lf] != '\n') {
                lf++;
            }
            int lineStart = carry > 0 ? 0 : from; // a carried start is right before the window
            int length = lf - lineStart;
            if (length > MAX_LINE) {
                return malformed("line longer than " + MAX_LINE + " bytes");
            }
            if (lf < stop) {
                in.readerIndex(start + (lf - from) + 1);
                carry = 0;
                return handleLine(b, lineStart, length > 0 && b[lf - 1] == '\r' ? lf - 1 : lf);
            }
            // no LF yet: keep the line's start, and look further (this read, or the next)
            if (lineStart > 0) {
                System.arraycopy(b, lineStart, b, 0, length);
            }
            carry = length;
            windowFrom = -1;
            in.readerIndex(start + (stop - from));
            if (carry == b.length) {
                line = Arrays.copyOf(b, Math.min(MAX_LINE + 1, 2 * b.length));
            }
        }
    }

    /** Copies {@code in[start, end)} after the carried bytes, as much as {@link #line} holds. */
    private void fill(ByteBuf in, int start, int end) {
        int n = Math.min(end - start, line.length - carry);
        in.getBytes(start, line, carry, n);
        windowFrom = start;
        windowBase = carry;
        windowLength = n;
    }

    /** Handles the line {@code b[from, end)} (without its CR LF) in the current state. */
    private int handleLine(byte[] b, int from, int end) {
        switch (state) {
            case STATUS_LINE -> {
                if (end == from) {
                    return COMPLETE; // tolerate empty lines before the status line (RFC 9112 2.2)
                }
                return statusLine(b, from, end);
            }
            case HEADER_LINE -> {
                if (end == from) {
                    return endOfHead();
                }
                return header(b, from, end);
            }
            case CHUNK_SIZE -> {
                return chunkSize(b, from, end);
            }
            case CHUNK_DATA_END -> {
                if (end != from) {
                    return malformed("no CRLF after chunk data");
                }
                state = CHUNK_SIZE;
                return COMPLETE;
            }
            case TRAILER_LINE -> {
                if (end == from) {
                    state = DONE;
                }
                return COMPLETE;
            }
            default -> throw new IllegalStateException("state " + state);
        }
    }

    /** {@code HTTP/1.x SSS[ reason]} in {@code b[at, end)} */
    private int statusLine(byte[] b, int at, int end) {
        if (end - at < 12 || b[at] != 'H' || b[at + 1] != 'T' || b[at + 2] != 'T' || b[at + 3] != 'P'
                || b[at + 4] != '/' || b[at + 5] != '1' || b[at + 6] != '.' || b[at + 8] != ' '
                || (end - at > 12 && b[at + 12] != ' ')) {
            return malformed("bad status line");
        }
        byte minor = b[at + 7];
        int code = 0;
        for (int i = at + 9; i < at + 12; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return malformed("bad status code");
            }
            code = code * 10 + d;
        }
        if (minor < '0' || minor > '9' || code < 100) {
            return malformed("bad status line");
        }
        status = code;
        http11 = minor >= '1';
        state = HEADER_LINE;
        return COMPLETE;
    }

    /** {@code name: value} in {@code b[at, end)}; only Content-Length, Transfer-Encoding and Connection matter */
    private int header(byte[] b, int at, int end) {
        if (isSpace(b[at])) {
            return COMPLETE; // obsolete line folding: continues a header we do not need
        }
        int colon = at;
        while (colon < end && b[colon] != ':') {
            colon++;
        }
        if (colon == at || colon == end) {
            return malformed("header line without a name and a colon");
        }
        int nameLength = colon - at;
        int from = colon + 1;
        int to = end;
        while (from < to && isSpace(b[from])) {
            from++;
        }
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        if (nameLength == 14 && equalsLower(b, at, CONTENT_LENGTH)) {
            long length = decimal(b, from, to);
            if (length < 0 || (contentLength >= 0 && contentLength != length)) {
                return malformed("bad Content-Length");
            }
            contentLength = length;
        } else if (nameLength == 17 && equalsLower(b, at, TRANSFER_ENCODING)) {
            chunked = containsLower(b, from, to, CHUNKED);
        } else if (nameLength == 10 && equalsLower(b, at, CONNECTION)) {
            close |= containsLower(b, from, to, CLOSE);
            keepAliveHeader |= containsLower(b, from, to, KEEP_ALIVE);
        }
        return COMPLETE;
    }

    private int endOfHead() {
        if (status < 200 && status != 101) {
            // interim response (100 Continue, 103 Early Hints): the final one follows
            state = STATUS_LINE;
            startResponse();
            return COMPLETE;
        }
        if (head || status < 200 || status == 204 || status == 304) {
            state = DONE;
        } else if (chunked) {
            state = CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = remaining == 0 ? DONE : BODY_LENGTH;
        } else {
            state = BODY_UNTIL_CLOSE;
            close = true;
        }
        return COMPLETE;
    }

    /** {@code HEX[;extensions]} in {@code b[at, end)} */
    private int chunkSize(byte[] b, int at, int end) {
        long size = 0;
        int i = at;
        for (; i < end; i++) {
            int d = hex(b[i]);
            if (d < 0) {
                break;
            }
            if (size > (Long.MAX_VALUE >> 4)) {
                return malformed("chunk size too large");
            }
            size = (size << 4) | d;
        }
        if (i == at || (i < end && b[i] != ';' && !isSpace(b[i]))) {
            return malformed("bad chunk size");
        }
        if (size == 0) {
            state = TRAILER_LINE;
        } else {
            remaining = size;
            state = CHUNK_DATA;
        }
        return COMPLETE;
    }

    private int malformed(String why) {
        error = why;
        state = FAILED;
        carry = 0;
        windowFrom = -1;
        return MALFORMED;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t';
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** @return the decimal number in {@code b[from, to)}, or -1 if it is not one */
    private static long decimal(byte[] b, int from, int to) {
        if (from == to || to - from > 18) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n;
    }

    /** @return true if {@code b[start, start + lower.length())} equals the lower-case ASCII {@code lower}, ignoring case */
    private static boolean equalsLower(byte[] b, int start, byte[] lower) {
        for (int i = 0; i < lower.length; i++) {
            if ((b[start + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return true if {@code b[from, to)} contains the lower-case ASCII token {@code lower}, ignoring case */
    private static boolean containsLower(byte[] b, int from, int to, byte[] lower) {
        for (int i = from; i + lower.length <= to; i++) {
            if (equalsLower(b, i, lower)) {
                return true;
            }
        }
        return false;
    }
}
