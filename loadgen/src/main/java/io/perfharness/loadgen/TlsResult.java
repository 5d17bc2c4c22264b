package io.perfharness.loadgen;

import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The TLS handshakes of a run of {@code https://} URLs, over the measured window.
 *
 * @param provider        the TLS implementation used: {@code "openssl (BoringSSL)"} (netty-tcnative) or {@code "jdk"}
 * @param handshakeMicros the time of each successful handshake, from the TCP connect to the handshake's
 *                        end, µs (1 µs .. 1 h, 3 significant digits); its count is the number of handshakes.
 *                        That time is also part of its request's latency
 * @param resumed         handshakes that resumed an earlier session (0 .. the histogram's count)
 * @param firstFailure    what the first failed handshake said (one line, e.g. that the certificate was not
 *                        trusted), or {@code null} if none failed; failures are {@code errors().tls()}
 */
public record TlsResult(String provider, Histogram handshakeMicros, long resumed, String firstFailure) {

    public TlsResult {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(handshakeMicros, "handshakeMicros");
    }

    /** @return successful handshakes in the measured window */
    public long handshakes() {
        return handshakeMicros.getTotalCount();
    }
}
