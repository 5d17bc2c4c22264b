package io.perfharness.reports;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Failed requests of one run, by kind. Every count is a number of requests (≥ 0).
 *
 * @param connect requests that could not get a connection (refused, unreachable, connect timeout)
 * @param timeout requests with no complete response within the request timeout
 * @param io      requests lost to a read/write failure or a connection reset or closed mid-response
 * @param body    responses whose body failed the body check ({@code --expect-json}: not JSON); only the
 *                sampled bodies are checked, so this counts those found bad, not every bad one
 * @param status  responses with an HTTP status ≥ 400, by status code
 * @param tls     requests whose connection's TLS handshake failed (certificate not trusted, no common
 *                protocol version or cipher, closed during the handshake); 0 in reports written before TLS
 * @param reset   HTTP/2: requests whose stream the server reset (RST_STREAM, any error code)
 * @param goaway  HTTP/2: requests lost to the server's GOAWAY: refused by one that carried an error code,
 *                or cut off when the connection closed after it. Reports written before HTTP/2 read 0 for
 *                both
 * @param connectCause why the first failed connect failed, on one line (the exception's type and message, e.g.
 *                {@code ConnectException: Connection refused}, or that it did not connect within the request
 *                timeout); null (written as null) when no connect failed, and in reports written before it was kept
 */
public record ErrorCounts(long connect, long timeout, long io, long body, SortedMap<Integer, Long> status, long tls,
                          long reset, long goaway, String connectCause) {

    /** No errors at all. */
    public static final ErrorCounts NONE = new ErrorCounts(0, 0, 0, 0, new TreeMap<>(), 0, 0, 0);

    public ErrorCounts {
        status = Collections.unmodifiableSortedMap(new TreeMap<>(status == null ? Map.of() : status));
    }

    /** Counts without a connect failure's cause (see the record's parameters). */
    public ErrorCounts(long connect, long timeout, long io, long body, SortedMap<Integer, Long> status, long tls,
                       long reset, long goaway) {
        this(connect, timeout, io, body, status, tls, reset, goaway, null);
    }

    /** @return all failed requests, of every kind */
    @JsonProperty(value = "total", access = JsonProperty.Access.READ_ONLY)
    public long total() {
        long sum = connect + timeout + io + body + tls + reset + goaway;
        for (long n : status.values()) {
            sum += n;
        }
        return sum;
    }

    /**
     * @return the sum of this and {@code other}, kind by kind and status code by status code; the connect
     *         failure's cause is this one's, else {@code other}'s
     */
    public ErrorCounts plus(ErrorCounts other) {
        TreeMap<Integer, Long> merged = new TreeMap<>(status);
        other.status.forEach((code, n) -> merged.merge(code, n, Long::sum));
        return new ErrorCounts(connect + other.connect, timeout + other.timeout, io + other.io, body + other.body, merged,
                tls + other.tls, reset + other.reset, goaway + other.goaway,
                connectCause != null ? connectCause : other.connectCause);
    }

    /** @return the requests that got no response: connect, timeout, io, tls, reset and goaway errors */
    public long unanswered() {
        return connect + timeout + io + tls + reset + goaway;
    }
}
