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
 * @param endpoints       the named endpoints with weights the requests went to (then {@code urls} are theirs and
 *                        {@code method} and {@code body} unused); {@code null} for a load of a URL list, and in
 *                        reports written before endpoints existed
 * @param stages          the load's stages, in order; {@code null} for a load without stages (and in reports
 *                        written before stages existed). {@code durationSeconds} is their total
 * @param insecure        {@code https://}: whether any server certificate was trusted ({@code --insecure});
 *                        {@code null} in reports written before TLS (unknown)
 * @param h2              whether the load spoke HTTP/2; {@code null} in reports written before HTTP/2 (HTTP/1.1)
 * @param streams         HTTP/2 streams in flight per connection (≥ 1; 1 for HTTP/1.1); {@code null} when unknown
 */
public record LoadParameters(List<String> urls, String method, int connections, int threads,
                             double durationSeconds, double warmupSeconds, double timeoutSeconds, Double rate,
                             Map<String, String> headers, Body body, List<Integer> expectStatus, Boolean expectJson,
                             List<Endpoint> endpoints, List<Stage> stages, Boolean insecure,
                             Boolean h2, Integer streams) {
    public LoadParameters {
        endpoints = endpoints == null ? null : List.copyOf(endpoints);
        urls = List.copyOf(urls);
        headers = headers == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        expectStatus = expectStatus == null ? null : List.copyOf(expectStatus);
        stages = stages == null || stages.isEmpty() ? null : List.copyOf(stages);
    }

    /** @return true in the open model: a {@link #rate()}, or rate {@link #stages()} */
    public boolean openModel() {
        return rate != null || (stages != null && stages.get(0).rate() != null);
    }

    /**
     * One stage of a load: over its duration the load goes linearly from the previous stage's value (0 before the
     * first) to its own.
     *
     * @param durationSeconds its length, s (≥ 0; 0 jumps to its value)
     * @param rate            open model: requests/s at its end; {@code null} in a connections stage
     * @param connections     closed model: connections at its end; {@code null} in a rate stage
     */
    public record Stage(double durationSeconds, Double rate, Integer connections) {
        /** @return the value at its end: rate (requests/s) or connections */
        public double value() {
            return rate != null ? rate : connections;
        }

        /** @return as the {@code --stage} flag writes it: {@code 10s:100} (rate) or {@code 10s:c8} (connections) */
        @Override
        public String toString() {
            return plain(durationSeconds) + "s:" + (rate != null ? plain(rate) : "c" + connections);
        }

        private static String plain(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    /** @return true when this report records headers, body and expectations (schema 3 and later) */
    public boolean complete() {
        return headers != null && expectStatus != null && expectJson != null;
    }

    /**
     * One named endpoint of the load as reports keep it.
     *
     * @param name    its name, as gates give it ({@code p99[name]})
     * @param method  its HTTP method
     * @param url     its URL
     * @param headers its own headers (the load's {@code headers} were sent too), in order
     * @param body    its body's length and digest, {@code null} for none
     * @param weight  its relative share of the requests, ≥ 1
     */
    public record Endpoint(String name, String method, String url, Map<String, String> headers, Body body, int weight) {
        public Endpoint {
            headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
        }
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
