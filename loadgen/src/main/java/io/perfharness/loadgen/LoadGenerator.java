package io.perfharness.loadgen;

import java.util.Objects;

/**
 * Applies a {@link LoadSpec} to HTTP/1.1 servers with Netty and measures latency with HdrHistogram.
 *
 * <pre>{@code
 * LoadResult r = LoadGenerator.run(LoadSpec.builder(URI.create("http://127.0.0.1:8080/")).build(),
 *                                  ProgressLine.stdout());
 * System.out.printf("%.0f req/s, p99 %d µs%n", r.requestsPerSecond(),
 *                   r.latencyMicros().getValueAtPercentile(99));
 * }</pre>
 *
 * Closed model (no rate), like wrk: each connection has one request in flight and sends the next as
 * soon as the previous response has ended; latency is response end minus the time the request was
 * due, including the connect when the server closed the connection.
 * <p>
 * Open model ({@code spec.rate()} set), like wrk2: each event loop sends its share of the rate on a
 * fixed nanosecond schedule over whichever of its connections is idle; a request that comes due
 * while all are busy waits in a bounded queue (at most rate × timeout requests per loop) or, past
 * that, is counted as dropped. Latency counts from the intended send time (corrected for
 * coordinated omission); the uncorrected service time is kept beside it.
 * <p>
 * Stages ({@code spec.stages()}): a load that changes over the measured window, each stage going linearly from
 * the previous stage's value to its own. Open model: the intended send times follow the integral of the rate
 * (each loop within one request of its share). Closed model: the connections that send follow the stages; one no
 * longer wanted finishes its request, then closes. The warm-up holds the first stage's value.
 * <p>
 * Connections are spread over {@code spec.threads()} event loops (native epoll when available, NIO
 * otherwise); each loop records into its own histogram and counters, merged at the end.
 * <p>
 * {@code https://} URLs go through Netty's {@code SslHandler} (TLS 1.2 and 1.3; OpenSSL when
 * netty-tcnative loads, else the JDK's provider; see {@link TlsClient}): a new connection's handshake
 * counts in its request's latency and is also recorded on its own ({@link LoadResult#tls()}).
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /**
     * Runs the load and blocks until it is over: warm-up, then the measured window. The warm-up lasts
     * at least {@code spec.warmup()} and ends once the generator is at speed (its JIT quiet and its
     * throughput no longer rising), at most 10 s later; none if {@code spec.warmup()} is zero.
     * Requests still in flight at the end of the window are not counted. Never lasts longer than
     * warm-up + 10 s + duration + timeout + 1 s; the event loops are always shut down on return. If the calling thread is
     * interrupted, the measured window ends early and the interrupt flag stays set.
     *
     * @param spec     the load
     * @param listener gets one {@link Progress} per second of the measured window, then the result
     * @return what the measured window recorded
     * @throws IllegalArgumentException if a host does not resolve
     */
    public static LoadResult run(LoadSpec spec, ProgressListener listener) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(listener, "listener");
        return new LoadRun(spec, listener, Transport.best()).run();
    }
}
