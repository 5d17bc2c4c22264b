package io.perfharness.loadgen;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One named request of a load with several: its own method, URL, headers and body, and a weight that
 * sets its share of the requests ({@code weight / sum of weights}). Results are kept per endpoint
 * ({@link LoadResult#endpoints()}) and gates can name one ({@code p99[checkout] < 50ms}).
 *
 * <pre>{@code
 * Endpoint checkout = Endpoint.of("checkout", URI.create("http://127.0.0.1:8001/checkout"), 2)
 *         .with("POST", Map.of("Content-Type", "application/json"), "{\"id\":1}");
 * }</pre>
 *
 * @param name    1..64 characters of {@code A-Z a-z 0-9 _ . -}, unique within a load
 * @param url     an {@code http://} or {@code https://} URL with a host
 * @param method  the HTTP method, e.g. {@code GET}
 * @param headers headers of this endpoint's requests, in this order, after the load's own headers (a header
 *                of the same name, any case, replaces the load's); {@code Host} is added unless given
 * @param body    request body (sent as UTF-8 with a {@code Content-Length}), or {@code null} for none
 * @param weight  relative share of the requests, 1 .. {@value #MAX_WEIGHT}
 */
public record Endpoint(String name, URI url, String method, Map<String, String> headers, String body, int weight) {

    /** Largest weight of one endpoint. */
    public static final int MAX_WEIGHT = 1_000_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public Endpoint {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("endpoints: name must be 1..64 of A-Z a-z 0-9 _ . -, got '" + name + "'");
        }
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !(url.getScheme().equalsIgnoreCase("http") || url.getScheme().equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("endpoints[" + name + "]: not an http:// or https:// URL with a host: " + url);
        }
        if (method == null || method.isEmpty() || !LoadSpec.isToken(method)) {
            throw new IllegalArgumentException("endpoints[" + name + "]: not a valid HTTP method: '" + method + "'");
        }
        headers = LoadSpec.checkHeaders("endpoints[" + name + "].headers", headers);
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("endpoints[" + name + "]: weight must be 1.." + MAX_WEIGHT + ", got " + weight);
        }
    }

    /** @return a {@code GET} of {@code url}, no headers or body, with this weight */
    public static Endpoint of(String name, URI url, int weight) {
        return new Endpoint(name, url, "GET", Map.of(), null, weight);
    }

    /** @return this endpoint with another method, headers and body (see the record's parameters) */
    public Endpoint with(String method, Map<String, String> headers, String body) {
        return new Endpoint(name, url, method, headers, body, weight);
    }

    /** @return the headers to send: {@code loadHeaders}, then this endpoint's (replacing those of the same name, any case) */
    Map<String, String> headersAfter(Map<String, String> loadHeaders) {
        Map<String, String> all = new LinkedHashMap<>();
        loadHeaders.forEach((n, v) -> {
            if (headers.keySet().stream().noneMatch(n::equalsIgnoreCase)) {
                all.put(n, v);
            }
        });
        all.putAll(headers);
        return Collections.unmodifiableMap(all);
    }
}
