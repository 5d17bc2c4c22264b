package io.perfharness.loadgen;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Immutable description of a load.
 *
 * <pre>{@code
 * LoadSpec spec = LoadSpec.builder(URI.create("http://127.0.0.1:8080/hello"))
 *         .connections(64)
 *         .duration(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * @param urls        the {@code http://} or {@code https://} URLs to request, round-robin; at least one
 * @param method      the HTTP method, e.g. {@code GET}
 * @param headers     extra request headers, sent in this order; {@code Host} is added unless given
 * @param body        request body (sent as UTF-8 with a {@code Content-Length}), or {@code null} for none
 * @param connections TCP connections to keep open (1 .. {@value #MAX_CONNECTIONS}); in the closed model each has one request in flight
 * @param threads     Netty event loops the connections are spread over (1 .. {@code connections};
 *                    larger values are capped at {@code connections})
 * @param duration    length of the measured window (&gt; 0, at most 24 h)
 * @param warmup      load applied before the measured window and not recorded (0 .. 1 h): the shortest warm-up;
 *                    a non-zero one is extended, by at most 10 s, until the generator is at speed
 *                    ({@link LoadResult#warmupSeconds()} tells how long it was)
 * @param timeout     a request without a complete response this long after it was started is counted
 *                    as a timeout and its connection is replaced (&gt; 0, at most 1 h); connecting counts against it
 * @param rate        open model: total requests per second over all connections (0.01 .. 10,000,000), or
 *                    {@code null} for the closed model (each connection sends as soon as its previous
 *                    response has ended)
 * @param expectedStatus the status codes (100 .. 999) a response may have; any other is counted as an
 *                    error, by code. Empty (the default): every status ≥ 400 is an error
 * @param expectJson  check sampled response bodies (a few per second per event loop) parse as JSON;
 *                    those that do not are counted ({@link LoadResult#invalidBodies()})
 * @param endpoints   named endpoints with weights, each with its own method, headers and body (the load's
 *                    {@code headers} are sent to every one; its {@code method} and {@code body} are unused);
 *                    requests go to them by smooth weighted round-robin and results are kept per endpoint.
 *                    Empty (the default): the {@code urls}, round-robin, with the load's method, headers
 *                    and body. When given, {@code urls} is their URLs, in order
 * @param stages      a load that changes over the measured window, empty for none: all {@link Stage#isRate() rate}
 *                    stages (open model; then {@code rate} is {@code null}) or all connections stages (closed model;
 *                    then {@code connections} is the most any stage reaches). {@code duration} is their total. The
 *                    warm-up holds the first stage's value
 * @param insecure    {@code https://} URLs: trust any server certificate and host name (self-signed test
 *                    servers); false: the JDK's default trust store, the certificate must name the URL's host,
 *                    and a handshake that fails verification is a {@code tls} error
 * @param h2          speak HTTP/2: with prior knowledge (h2c) on {@code http://} URLs, negotiated by ALPN over
 *                    TLS on {@code https://} ones; every URL then has the same scheme, host and port, since
 *                    each connection serves all of them
 * @param streams     HTTP/2: requests each connection keeps in flight, as concurrent streams (1 .. {@value
 *                    #MAX_STREAMS}; like h2load's {@code -m}); the closed model has connections × streams
 *                    requests in flight. 1 without {@code h2}
 */
public record LoadSpec(List<URI> urls, String method, Map<String, String> headers, String body,
                       int connections, int threads, Duration duration, Duration warmup, Duration timeout,
                       Double rate, Set<Integer> expectedStatus, boolean expectJson, List<Endpoint> endpoints,
                       List<Stage> stages, boolean insecure, boolean h2, int streams) {

    /** Most connections one load may open. */
    public static final int MAX_CONNECTIONS = 100_000;
    /** Longest measured window. */
    public static final Duration MAX_DURATION = Duration.ofHours(24);
    /** Longest warm-up and request timeout. */
    public static final Duration MAX_WARMUP = Duration.ofHours(1);
    /** Open-model rate range, requests/s. */
    public static final double MIN_RATE = 0.01;
    /** Open-model rate range, requests/s. */
    public static final double MAX_RATE = 10_000_000;
    /** Most concurrent HTTP/2 streams per connection. */
    public static final int MAX_STREAMS = 1000;

    public LoadSpec {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        if (!endpoints.isEmpty()) {
            Set<String> names = new java.util.HashSet<>();
            for (Endpoint e : endpoints) {
                if (!names.add(e.name())) {
                    throw new IllegalArgumentException("endpoints: the name '" + e.name() + "' is given twice");
                }
            }
            urls = endpoints.stream().map(Endpoint::url).toList();
        }
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("urls: at least one URL is required");
        }
        urls = List.copyOf(urls);
        for (URI url : urls) {
            if (url.getScheme() == null
                    || !(url.getScheme().equalsIgnoreCase("http") || url.getScheme().equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("urls: only http:// and https:// URLs are supported, got " + url);
            }
            if (url.getHost() == null) {
                throw new IllegalArgumentException("urls: no host in " + url);
            }
        }
        if (method == null || method.isEmpty() || !isToken(method)) {
            throw new IllegalArgumentException("method: not a valid HTTP method: '" + method + "'");
        }
        headers = checkHeaders("headers", headers);
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be 1.." + MAX_CONNECTIONS + ", got " + connections);
        }
        if (threads < 1 || threads > 4096) {
            throw new IllegalArgumentException("threads must be 1..4096, got " + threads);
        }
        threads = Math.min(threads, connections);
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be more than 0 and at most 24h, got " + duration);
        }
        if (warmup == null || warmup.isNegative() || warmup.compareTo(MAX_WARMUP) > 0) {
            throw new IllegalArgumentException("warmup must be 0..1h, got " + warmup);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_WARMUP) > 0) {
            throw new IllegalArgumentException("timeout must be more than 0 and at most 1h, got " + timeout);
        }
        if (rate != null && !(rate >= MIN_RATE && rate <= MAX_RATE)) {
            throw new IllegalArgumentException("rate must be " + MIN_RATE + ".." + (long) MAX_RATE
                    + " requests/s (or none: closed model), got " + rate);
        }
        TreeSet<Integer> codes = new TreeSet<>();
        if (expectedStatus != null) {
            for (Integer code : expectedStatus) {
                if (code == null || code < 100 || code > 999) {
                    throw new IllegalArgumentException("expectedStatus: not an HTTP status code: " + code);
                }
                codes.add(code);
            }
        }
        expectedStatus = Collections.unmodifiableSet(codes);
        if (streams < 1 || streams > MAX_STREAMS) {
            throw new IllegalArgumentException("streams must be 1.." + MAX_STREAMS + ", got " + streams);
        }
        if (!h2 && streams != 1) {
            throw new IllegalArgumentException("streams: concurrent streams need h2 (HTTP/1.1 has one request"
                    + " in flight per connection), got " + streams);
        }
        stages = stages == null ? List.of() : List.copyOf(stages);
        if (h2) {
            List<URI> all = endpoints.isEmpty() ? urls : endpoints.stream().map(Endpoint::url).toList();
            String field = endpoints.isEmpty() ? "urls" : "endpoints";
            URI first = all.get(0);
            for (URI url : all) {
                if (!url.getScheme().equalsIgnoreCase(first.getScheme()) || !url.getHost().equalsIgnoreCase(first.getHost())
                        || url.getPort() != first.getPort()) {
                    throw new IllegalArgumentException(field + ": with h2 every URL needs the scheme, host and port of"
                            + " the first (" + first + "), since each connection requests them all; got " + url);
                }
            }
            if (!stages.isEmpty()) {
                throw new IllegalArgumentException("stages: not with h2 yet (stages change the connections or the rate"
                        + " of HTTP/1.1 connections only)");
            }
        }
        checkStages(stages, rate, connections, duration);
    }

    private static void checkStages(List<Stage> stages, Double rate, int connections, Duration duration) {
        if (stages.isEmpty()) {
            return;
        }
        boolean rates = stages.get(0).isRate();
        Duration total = Duration.ZERO;
        double max = 0;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (s == null) {
                throw new IllegalArgumentException("stages[" + i + "]: missing");
            }
            if (s.isRate() != rates) {
                throw new IllegalArgumentException("stages[" + i + "]: gives " + (s.isRate() ? "a rate" : "connections")
                        + " but stages[0] " + (rates ? "a rate" : "connections")
                        + ": all stages give a rate (open model) or all give connections (closed model)");
            }
            total = total.plus(s.duration());
            max = Math.max(max, s.value());
        }
        if (total.isZero() || total.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("stages: their durations must add up to more than 0 and at most 24h, got "
                    + total);
        }
        if (max == 0) {
            throw new IllegalArgumentException("stages: every stage is at 0 " + (rates ? "requests/s" : "connections")
                    + ": nothing would be sent");
        }
        if (!duration.equals(total)) {
            throw new IllegalArgumentException("duration: " + duration + " but the stages add up to " + total
                    + ": give one or the other");
        }
        if (rate != null) {
            throw new IllegalArgumentException("rate: not with " + (rates
                    ? "rate stages: they set the rate (a first stage of 0s sets the rate to start from)"
                    : "connections stages (closed model); the open model takes rate stages"));
        }
        if (!rates && connections != (int) max) {
            throw new IllegalArgumentException("connections: " + connections + " but the stages go up to " + (int) max
                    + " connections: leave connections out, the stages set it");
        }
    }

    /**
     * @param status an HTTP status code
     * @return true if a response with this status counts as an error: not one of {@link #expectedStatus()}
     *         when those are given, else ≥ 400
     */
    public boolean isErrorStatus(int status) {
        return expectedStatus.isEmpty() ? status >= 400 : !expectedStatus.contains(status);
    }

    /**
     * @param url the URL to load; more can be set with {@link Builder#urls(List)}
     * @return a builder with the defaults: GET, no headers, no body, 10 connections,
     *         threads = min(available processors, connections), 10 s duration, 1 s warm-up,
     *         5 s timeout, closed model (no rate), status ≥ 400 counted as errors, no body check,
     *         HTTP/1.1 (no h2, 1 stream)
     */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** @return a builder holding every setting of this spec, to change a few */
    public Builder toBuilder() {
        Builder b = new Builder(urls.get(0)).urls(urls).method(method).body(body).connections(connections)
                .threads(threads).duration(duration).warmup(warmup).timeout(timeout).rate(rate)
                .expectStatus(expectedStatus).expectJson(expectJson).endpoints(endpoints).insecure(insecure)
                .h2(h2).streams(streams);
        headers.forEach(b::header);
        b.stages(stages);
        return b;
    }

    /** @return true if any URL is {@code https://} */
    public boolean usesTls() {
        return urls.stream().anyMatch(u -> u.getScheme().equalsIgnoreCase("https"));
    }

    /**
     * @return true in the open model ({@link #rate()} set, or rate {@link #stages()}): requests are sent on a
     *         schedule
     */
    public boolean openModel() {
        return rate != null || (!stages.isEmpty() && stages.get(0).isRate());
    }

    /**
     * @return the endpoints requests go to: {@link #endpoints()} when given, else one per URL (named by its
     *         position, {@code url1}, {@code url2}...) with the load's method, headers and body, weight 1
     */
    public List<Endpoint> targets() {
        if (!endpoints.isEmpty()) {
            return endpoints;
        }
        List<Endpoint> out = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            out.add(new Endpoint("url" + (i + 1), urls.get(i), method, Map.of(), body, 1));
        }
        return out;
    }

    /** @return {@code headers} checked and copied, in order; an error names {@code field} */
    static Map<String, String> checkHeaders(String field, Map<String, String> headers) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name == null || name.isEmpty() || !isToken(name)) {
                    throw new IllegalArgumentException(field + ": not a valid header name: '" + name + "'");
                }
                if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException(field + ": invalid value for " + name + ": '" + value + "'");
                }
                copy.put(name, value);
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Fluent builder for {@link LoadSpec}; validation happens in {@link #build()}. */
    public static final class Builder {
        private List<URI> urls;
        private String method = "GET";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private int connections = 10;
        private Integer threads;
        private Duration duration = Duration.ofSeconds(10);
        private Duration warmup = Duration.ofSeconds(1);
        private Duration timeout = Duration.ofSeconds(5);
        private Double rate;
        private Set<Integer> expectedStatus = Set.of();
        private boolean expectJson;
        private List<Endpoint> endpoints = List.of();
        private List<Stage> stages = List.of();
        /** Set by {@link #duration} and {@link #connections} after {@link #stages}: then they must agree with the stages. */
        private boolean durationGiven;
        private boolean connectionsGiven;
        private boolean insecure;
        private boolean h2;
        private int streams = 1;

        private Builder(URI url) {
            this.urls = List.of(Objects.requireNonNull(url, "url"));
        }

        /** @param urls replaces the URLs; requests go to them round-robin */
        public Builder urls(List<URI> urls) {
            this.urls = new ArrayList<>(Objects.requireNonNull(urls, "urls"));
            return this;
        }

        /** @param method HTTP method, e.g. {@code POST} */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /** Adds (or replaces) one request header. */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** @param body request body, sent as UTF-8; {@code null} for none */
        public Builder body(String body) {
            this.body = body;
            return this;
        }

        /** @param connections number of TCP connections, ≥ 1 */
        public Builder connections(int connections) {
            this.connections = connections;
            this.connectionsGiven = true;
            return this;
        }

        /** @param threads number of event loops, ≥ 1; default min(available processors, connections) */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** @param duration length of the measured window, &gt; 0 */
        public Builder duration(Duration duration) {
            this.duration = duration;
            this.durationGiven = true;
            return this;
        }

        /** @param warmup unrecorded load before the measured window, ≥ 0 */
        public Builder warmup(Duration warmup) {
            this.warmup = warmup;
            return this;
        }

        /** @param timeout per-request timeout, &gt; 0 */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** @param rate open model total rate in requests/s, or {@code null} for the closed model */
        public Builder rate(Double rate) {
            this.rate = rate;
            return this;
        }

        /**
         * @param codes the only status codes a response may have (100 .. 999); any other counts as an
         *              error, by code. Empty (the default): every status ≥ 400 is an error
         */
        public Builder expectStatus(Collection<Integer> codes) {
            this.expectedStatus = new TreeSet<>(Objects.requireNonNull(codes, "codes"));
            return this;
        }

        /** @param check true to check that sampled response bodies parse as JSON */
        public Builder expectJson(boolean check) {
            this.expectJson = check;
            return this;
        }

        /**
         * @param endpoints named endpoints with weights, replacing the URLs (see {@link LoadSpec#endpoints()});
         *                  empty for none: the URLs round-robin
         */
        public Builder endpoints(List<Endpoint> endpoints) {
            this.endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
            return this;
        }

        /**
         * @param stages the load's stages ({@link LoadSpec#stages()}), empty for none. They set the duration (their
         *               total) and, connections stages, the connections (the most they reach), unless {@link #duration}
         *               or {@link #connections} is called after this: then it must agree with them
         */
        public Builder stages(List<Stage> stages) {
            this.stages = new ArrayList<>(Objects.requireNonNull(stages, "stages"));
            this.durationGiven = false;
            this.connectionsGiven = false;
            return this;
        }

        /**
         * @param insecure true to trust any certificate of an {@code https://} server (self-signed test
         *                 servers); default false: the JDK's trust store and host name verification
         */
        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        /** @param h2 true to speak HTTP/2 (h2c with prior knowledge on {@code http://}); default false */
        public Builder h2(boolean h2) {
            this.h2 = h2;
            return this;
        }

        /** @param streams HTTP/2: concurrent streams per connection, 1 .. {@value #MAX_STREAMS}; default 1 */
        public Builder streams(int streams) {
            this.streams = streams;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid field */
        public LoadSpec build() {
            Duration d = duration;
            int c = connections;
            if (!stages.isEmpty() && !stages.contains(null)) {
                if (!durationGiven) {
                    d = stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
                }
                if (!connectionsGiven && !stages.get(0).isRate()) {
                    c = Math.max(1, (int) stages.stream().mapToDouble(Stage::value).max().orElse(1));
                }
            }
            int t = threads != null
                    ? threads
                    : Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), c));
            return new LoadSpec(urls, method, headers, body, c, t, d, warmup, timeout, rate,
                    expectedStatus, expectJson, endpoints, stages, insecure, h2, streams);
        }
    }
}
