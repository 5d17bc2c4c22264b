package io.perfharness.loadgen;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One URL's request as HTTP/2 sends it, built once per loop: the header block (pseudo-headers, then
 * the spec's headers in lower case) and the body. HPACK encodes the headers per request, against the
 * connection's dynamic table, so after the first request on a connection they cost a few bytes.
 *
 * @param headers the header block; not to be changed (shared by every request of the loop)
 * @param body    the body, or null for none: an unreleasable direct buffer, written as a duplicate
 */
record H2Request(Http2Headers headers, ByteBuf body) {

    /**
     * Headers HTTP/2 forbids (RFC 9113 §8.2.2: connection-specific) or expresses otherwise ({@code host}
     * is {@code :authority}); dropped from the spec's headers.
     */
    private static final Set<String> LEFT_OUT = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "host", "te");

    /**
     * @param spec     the load: its headers come first
     * @param endpoint the endpoint requested: URL (scheme, authority, path and query), method, its own headers, body
     */
    static H2Request of(LoadSpec spec, Endpoint endpoint) {
        URI url = endpoint.url();
        Map<String, String> all = new java.util.LinkedHashMap<>(spec.headers());
        all.putAll(endpoint.headers());
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        String authority = url.getRawAuthority();
        for (Map.Entry<String, String> h : all.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Host")) {
                authority = h.getValue();
            }
        }
        Http2Headers headers = new DefaultHttp2Headers(true, all.size() + 5)
                .method(AsciiString.of(endpoint.method()))
                .scheme(AsciiString.of(url.getScheme().toLowerCase(Locale.ROOT)))
                .authority(AsciiString.of(authority))
                .path(AsciiString.of(path));
        boolean length = false;
        for (Map.Entry<String, String> h : all.entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!LEFT_OUT.contains(name)) {
                headers.add(AsciiString.of(name), AsciiString.of(h.getValue()));
                length |= name.equals("content-length");
            }
        }
        byte[] body = endpoint.body() == null ? null : endpoint.body().getBytes(StandardCharsets.UTF_8);
        if (!length && (body != null || needsLength(endpoint.method()))) {
            headers.add(AsciiString.of("content-length"), AsciiString.of(String.valueOf(body == null ? 0 : body.length)));
        }
        ByteBuf b = body == null || body.length == 0 ? null
                : Unpooled.unreleasableBuffer(Unpooled.directBuffer(body.length, body.length).writeBytes(body));
        return new H2Request(headers, b);
    }

    /** Servers may answer 411 to a body-carrying method without a length, even for an empty body. */
    private static boolean needsLength(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
