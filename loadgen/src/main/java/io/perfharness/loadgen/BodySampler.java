package io.perfharness.loadgen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;

/**
 * Picks a few responses of one event loop to keep and check the body of ({@code --expect-json}):
 * the first response started after each {@link #PERIOD_NANOS}, one at a time. Checking every body
 * would make the check the load; a sample catches a server that answers with error pages or
 * truncated documents. Confined to its loop.
 */
final class BodySampler {

    /** Time between two sampled requests of one loop, ns (10 a second). */
    static final long PERIOD_NANOS = 100_000_000L;
    /** Largest body checked, bytes; longer ones are not checked. */
    static final int MAX_BODY = 4 << 20;

    /** What {@link #check} found. */
    enum Outcome {
        VALID, INVALID, UNCHECKED
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final ByteBuf body = Unpooled.buffer(16 * 1024, MAX_BODY);
    /** When the next request may be sampled, ns; unset ({@code sampledOnce} false) until the first. */
    private long nextNanos;
    private boolean sampledOnce;
    private Object owner;

    /**
     * @param requester the connection starting a request
     * @param nowNanos  now, {@link System#nanoTime()} ns
     * @return the buffer to copy this request's response body into, or null if it is not sampled
     */
    ByteBuf claim(Object requester, long nowNanos) {
        if (owner != null || (sampledOnce && nowNanos - nextNanos < 0)) {
            return null;
        }
        sampledOnce = true;
        owner = requester;
        nextNanos = nowNanos + PERIOD_NANOS;
        body.clear();
        return body;
    }

    /** The sampled request failed or was abandoned: the next one may be sampled. */
    void release(Object requester) {
        if (owner == requester) {
            owner = null;
        }
    }

    /**
     * The sampled response has ended: checks its body and releases the claim.
     *
     * @param truncated the body was longer than {@link #MAX_BODY}
     */
    Outcome check(Object requester, boolean truncated) {
        release(requester);
        return truncated ? Outcome.UNCHECKED : (isJson(body) ? Outcome.VALID : Outcome.INVALID);
    }

    /** @return true if {@code b} holds exactly one JSON value (whitespace around it allowed) */
    static boolean isJson(ByteBuf b) {
        byte[] bytes = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), bytes);
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren(); // reads (so validates) the whole value
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Frees the buffer; loop thread, once the loop has stopped. */
    void free() {
        body.release();
    }
}
