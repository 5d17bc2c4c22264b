package io.perfharness.reports;

import java.util.List;
import java.util.Map;

/**
 * The parameters a load was run with; two reports are comparable only when these agree.
 *
 * @param urls            target URLs, requested round-robin
 * @param method          HTTP method
 * @param connections     concurrent connections (≥ 1)
 * @param threads         event loops (≥ 1)
 * @param durationSeconds measured window, in seconds
 * @param warmupSeconds   unrecorded warm-up before the measured window, in seconds
 * @param timeoutSeconds  per-request timeout, in seconds
 * @param rate            open-model arrival rate in requests/s; {@code null} for the closed model
 * @param headers         request headers given (name to value, in the order sent); {@code null} in reports
 *                        older than schema 3 (unknown)
 * @param body            the request body: its length and digest, not its text; {@code null} when there is
 *                        none, or unknown in reports older than schema 3 (then {@code headers} is null too)
 * @param expectStatus    the statuses that count as success, empty for "below 400"; {@code null} when unknown
 * @param expectJson      whether sampled bodies were checked as JSON; {@code null} when unknown
 * @param insecure        {@code https://}: whether any server certificate was trusted ({@code --insecure});
 *                        {@code null} in reports written before TLS (unknown)
 * @param h2              whether the load spoke HTTP/2; {@code null} in reports written before HTTP/2 (HTTP/1.1)
 * @param streams         HTTP/2 streams in flight per connection (≥ 1; 1 for HTTP/1.1); {@code null} when unknown
 */
public record LoadParameters(List<String> urls, String method, int connections, int threads,
                             double durationSeconds, double warmupSeconds, double timeoutSeconds, Double rate,
                             Map<String, String> headers, Body body, List<Integer> expectStatus, Boolean expectJson,
                             Boolean insecure,
                             Boolean h2, Integer streams) {
    public LoadParameters {
        urls = List.copyOf(urls);
        headers = headers == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        expectStatus = expectStatus == null ? null : List.copyOf(expectStatus);
    }

    /** @return true when this report records headers, body and expectations (schema 3 and later) */
    public boolean complete() {
        return headers != null && expectStatus != null && expectJson != null;
    }

    /**
     * A request body as reports keep it: enough to tell two bodies apart, without storing the body.
     *
     * @param bytes  its length in UTF-8 bytes
     * @param sha256 its SHA-256 digest, lowercase hex
     */
    public record Body(int bytes, String sha256) {
        /** @return the length and digest of {@code text}, sent as UTF-8; {@code null} for {@code null} */
        public static Body of(String text) {
            if (text == null) {
                return null;
            }
            byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(utf8);
                return new Body(utf8.length, java.util.HexFormat.of().formatHex(d));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
