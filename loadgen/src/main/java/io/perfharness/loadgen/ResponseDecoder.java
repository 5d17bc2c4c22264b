package io.perfharness.loadgen;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * {@link HttpResponseDecoder} that knows every request on the connection is a HEAD when it is.
 * <p>
 * Requests are written pre-encoded (bytes, not {@code HttpRequest} objects), so
 * {@code HttpClientCodec}'s encoder half would have nothing to do and its decoder half would never
 * learn the request methods it needs to parse responses to HEAD; since all requests of a load share
 * one method, this decoder is told once instead.
 */
final class ResponseDecoder extends HttpResponseDecoder {

    private final boolean headRequests;

    /** @param headRequests true if every request on this connection is a HEAD */
    ResponseDecoder(boolean headRequests) {
        super(new HttpDecoderConfig());
        this.headRequests = headRequests;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (headRequests && msg instanceof HttpResponse response && response.status().code() >= 200) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }
}
