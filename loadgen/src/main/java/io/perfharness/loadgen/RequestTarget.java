package io.perfharness.loadgen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One endpoint of a load (a URL of a URL list, or a named {@link Endpoint}), resolved and with its request
 * encoded once, ready to be written as is.
 *
 * @param url     the URL
 * @param address the resolved server address
 * @param request the complete HTTP/1.1 request: request line, headers, blank line, body
 * @param head    true if the method is {@code HEAD} (responses have no body)
 * @param weight  its relative share of the requests, ≥ 1
 */
record RequestTarget(URI url, InetSocketAddress address, byte[] request, boolean head, int weight) {

    /** @return true for an {@code https://} URL */
    boolean tls() {
        return url.getScheme().equalsIgnoreCase("https");
    }

    /** @return the port the URL names, or its scheme's default (80, 443) */
    int port() {
        return port(url);
    }

    /**
     * @return one target per endpoint of {@code spec} ({@link LoadSpec#targets()}), in order
     * @throws IllegalArgumentException if a host name does not resolve
     */
    static List<RequestTarget> of(LoadSpec spec) {
        List<RequestTarget> targets = new ArrayList<>();
        for (Endpoint e : spec.targets()) {
            URI url = e.url();
            InetSocketAddress address;
            try {
                address = new InetSocketAddress(InetAddress.getByName(url.getHost()), port(url));
            } catch (UnknownHostException ex) {
                throw new IllegalArgumentException("urls: cannot resolve host of " + url + ": " + ex.getMessage(), ex);
            }
            targets.add(new RequestTarget(url, address, encode(e.method(), e.headersAfter(spec.headers()), e.body(), url),
                    e.method().equals("HEAD"), e.weight()));
        }
        return targets;
    }

    static byte[] encode(LoadSpec spec, URI url) {
        return encode(spec.method(), spec.headers(), spec.body(), url);
    }

    static byte[] encode(String method, Map<String, String> headers, String bodyText, URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        byte[] body = bodyText == null ? new byte[0] : bodyText.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(128);
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        boolean host = false;
        boolean length = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            host |= h.getKey().equalsIgnoreCase("Host");
            length |= h.getKey().equalsIgnoreCase("Content-Length")
                    || h.getKey().equalsIgnoreCase("Transfer-Encoding");
        }
        if (!host) {
            head.append("Host: ").append(url.getHost());
            if (url.getPort() != -1) {
                head.append(':').append(url.getPort());
            }
            head.append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (!length && (bodyText != null || needsLength(method))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Servers may answer 411 to a body-carrying method without a length, even for an empty body. */
    private static boolean needsLength(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static int port(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
