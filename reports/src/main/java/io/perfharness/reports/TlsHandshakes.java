package io.perfharness.reports;

import java.util.List;
import java.util.Objects;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The TLS handshakes of a load against {@code https://} URLs: how long they took and how many resumed an
 * earlier session instead of making a new one. A handshake's time also counts in its request's latency
 * (as the connect does); here it is on its own.
 *
 * @param provider     the TLS implementation the load generator used: {@code "openssl (BoringSSL)"} or {@code "jdk"}
 * @param handshakes   handshakes that succeeded in the measured window, ≥ 0
 * @param resumed      of those, the ones that resumed an earlier session, 0 .. {@code handshakes}
 * @param latency      handshake time summary, µs: from the TCP connect to the handshake's end
 * @param histogram    the handshake times' histogram, µs
 * @param firstFailure what the first failed handshake said (e.g. the certificate was not trusted), or
 *                     {@code null} when none failed; the failures are counted in {@code errors.tls}
 */
public record TlsHandshakes(String provider, long handshakes, long resumed, LatencySummary latency,
                            EncodedHistogram histogram, String firstFailure) {

    public TlsHandshakes {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(histogram, "histogram");
        if (handshakes < 0 || resumed < 0 || resumed > handshakes) {
            throw new IllegalArgumentException("tls: resumed (" + resumed + ") must be 0.." + handshakes + " handshakes");
        }
    }

    /**
     * @param provider     the TLS implementation
     * @param handshakesUs the handshake times, µs; its count is the number of handshakes
     * @param resumed      handshakes that resumed a session, 0 .. the count
     * @param firstFailure what the first failed handshake said, or {@code null}
     */
    public static TlsHandshakes of(String provider, AbstractHistogram handshakesUs, long resumed, String firstFailure) {
        return new TlsHandshakes(provider, handshakesUs.getTotalCount(), resumed, LatencySummary.of(handshakesUs),
                EncodedHistogram.of(handshakesUs), firstFailure);
    }

    /** @return the share of handshakes that resumed a session, 0..1 (0 without handshakes) */
    @JsonIgnore
    public double resumedShare() {
        return handshakes == 0 ? 0 : (double) resumed / handshakes;
    }

    /**
     * @param parts the handshakes of several repetitions (none null)
     * @return them together: histograms and counts added, the first provider and first failure; null if
     *         {@code parts} is empty
     */
    public static TlsHandshakes merged(List<TlsHandshakes> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        Histogram all = null;
        long resumed = 0;
        String failure = null;
        for (TlsHandshakes p : parts) {
            Histogram h = p.histogram().decode();
            if (all == null) {
                all = h;
            } else {
                all.add(h);
            }
            resumed += p.resumed();
            failure = failure != null ? failure : p.firstFailure();
        }
        return of(parts.get(0).provider(), all, resumed, failure);
    }
}
