package io.perfharness.loadgen;

import io.perfharness.reports.ErrorCounts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * What one event loop measured. Written only by that loop's thread (single writer, no locks, no
 * read-modify-write atomics); the control thread reads latencies through the wait-free
 * {@link SingleWriterRecorder} and the running error total through {@link #errorsSoFar()}.
 * Everything else is read on the loop thread ({@link #errorCounts()}) once the loop has stopped.
 */
final class LoopStats {

    /** Lowest recordable latency, µs. */
    static final long LOWEST_MICROS = 1;
    /** Highest recordable latency, µs (1 h). */
    static final long HIGHEST_MICROS = 3_600_000_000L;
    /** Significant decimal digits kept by every latency histogram. */
    static final int DIGITS = 3;

    private static final VarHandle ERRORS;
    private static final VarHandle COMPLETED;
    private static final VarHandle SENT;
    private static final VarHandle DROPPED;

    static {
        try {
            ERRORS = MethodHandles.lookup().findVarHandle(LoopStats.class, "errors", long.class);
            COMPLETED = MethodHandles.lookup().findVarHandle(LoopStats.class, "completed", long.class);
            SENT = MethodHandles.lookup().findVarHandle(LoopStats.class, "sent", long.class);
            DROPPED = MethodHandles.lookup().findVarHandle(LoopStats.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // hot: touched per request
    private final SingleWriterRecorder latency = newRecorder();
    private final SingleWriterRecorder serviceTime;
    private final SingleWriterRecorder fromWrite = newRecorder();
    /** Responses completed, warm-up included; published with release semantics for the warm-up's end. */
    @SuppressWarnings("unused")
    private long completed;
    /** Published with release semantics so that the progress sampler sees a recent value. */
    @SuppressWarnings("unused")
    private long errors;
    private long clamped;
    /** Published with release semantics for the per-second timeline, like {@link #errors}. */
    private long sent;

    // cold: touched per error
    private long connect;
    private long timeout;
    private long io;
    private long reset;
    private long goaway;
    /** Published with release semantics for the per-second timeline. */
    private long dropped;
    private long checkedBodies;
    private long invalidBodies;
    private final long[] status = new long[1000];
    private long tls;
    /** What the first failed TLS handshake said, or null. */
    private String firstTlsFailure;
    /** Why the first failed connect failed, or null. */
    private String firstConnectFailure;
    /** TLS handshake times, µs; null until the first. */
    private Histogram handshakes;
    private long resumedHandshakes;
    /** Per named endpoint, by target index; null for a load without named endpoints. */
    private final EndpointStats[] endpoints;

    /**
     * @param withServiceTime also record service time (open model), separately from latency
     * @param endpoints       named endpoints to keep results of (by target index), 0 for none
     */
    LoopStats(boolean withServiceTime, int endpoints) {
        this.serviceTime = withServiceTime ? newRecorder() : null;
        if (endpoints > 0) {
            this.endpoints = new EndpointStats[endpoints];
            for (int i = 0; i < endpoints; i++) {
                this.endpoints[i] = new EndpointStats();
            }
        } else {
            this.endpoints = null;
        }
    }

    static SingleWriterRecorder newRecorder() {
        return new SingleWriterRecorder(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);
    }

    static Histogram newHistogram() {
        return new Histogram(LOWEST_MICROS, HIGHEST_MICROS, DIGITS);
    }

    /** @param nanos latency of one completed response, ns */
    void latency(long nanos) {
        latency.recordValue(clamp(nanos));
    }

    /** @param nanos service time of one completed response (actual send to response end), ns */
    void serviceTime(long nanos) {
        serviceTime.recordValue(clamp(nanos));
    }

    /** @param nanos response end − when the request was written (connect excluded), ns */
    void fromWrite(long nanos) {
        fromWrite.recordValue(clamp(nanos));
    }

    /**
     * A measured response of target {@code target} ended: records it for its endpoint, if named (values
     * out of range are recorded as the nearest bound and were counted by {@link #latency}).
     *
     * @param latencyNanos   as given to {@link #latency}, ns
     * @param fromWriteNanos as given to {@link #fromWrite}, ns
     */
    void endpoint(int target, long latencyNanos, long fromWriteNanos) {
        if (endpoints != null) {
            endpoints[target].completed(bound(latencyNanos), bound(fromWriteNanos));
        }
    }

    private static long bound(long nanos) {
        return Math.min(Math.max(nanos / 1000, LOWEST_MICROS), HIGHEST_MICROS);
    }

    /** A response ended (measured or not). */
    void completed() {
        COMPLETED.setRelease(this, (long) COMPLETED.get(this) + 1);
    }

    /** Any thread. @return responses completed so far, warm-up included */
    long completedSoFar() {
        return (long) COMPLETED.getAcquire(this);
    }

    private long clamp(long nanos) {
        long micros = nanos / 1000;
        if (micros < LOWEST_MICROS) {
            clamped++;
            return LOWEST_MICROS;
        }
        if (micros > HIGHEST_MICROS) {
            clamped++;
            return HIGHEST_MICROS;
        }
        return micros;
    }

    /** @param code an HTTP status that counts as an error; {@code target} the request's target index */
    void status(int code, int target) {
        int c = Math.min(Math.max(code, 0), status.length - 1);
        status[c]++;
        if (endpoints != null) {
            endpoints[target].status(c);
        }
        countError();
    }

    void connectFailed(int target) {
        connect++;
        if (endpoints != null) {
            endpoints[target].connectFailed();
        }
        countError();
    }

    /**
     * Keeps the first connect failure's cause, to say why connects failed (not counted: {@link #connectFailed} counts).
     *
     * @param cause what the connect failed with; null if it did not end within the request timeout
     */
    void connectFailureCause(Throwable cause) {
        if (firstConnectFailure == null) {
            firstConnectFailure = cause == null ? "not connected within the request timeout" : oneLine(cause);
        }
    }

    /** @return the outermost exception's type and the innermost message, on one line */
    private static String oneLine(Throwable cause) {
        String message = null;
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        String line = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return line.replace('\n', ' ').replace('\r', ' ');
    }

    void timedOut(int target) {
        timeout++;
        if (endpoints != null) {
            endpoints[target].timedOut();
        }
        countError();
    }

    /** A request's TLS handshake failed; {@code target} the request's target index. */
    void tlsFailed(int target) {
        tls++;
        if (endpoints != null) {
            endpoints[target].tlsFailed();
        }
        countError();
    }

    /** Keeps the first TLS failure's cause, to say why handshakes failed (not counted: {@link #tlsFailed} counts). */
    void tlsFailureCause(Throwable cause) {
        if (firstTlsFailure == null) {
            firstTlsFailure = TlsFailures.describe(cause);
        }
    }

    /**
     * @param nanos   a TLS handshake's time, from the TCP connect to its end, ns
     * @param resumed it resumed an earlier session
     */
    void handshake(long nanos, boolean resumed) {
        if (handshakes == null) {
            handshakes = newHistogram();
        }
        handshakes.recordValue(clamp(nanos));
        if (resumed) {
            resumedHandshakes++;
        }
    }

    /** Loop thread. @return the handshake times so far (µs), a copy; empty if none */
    Histogram handshakesCopy() {
        return handshakes == null ? newHistogram() : handshakes.copy();
    }

    /** Loop thread. */
    long resumedHandshakes() {
        return resumedHandshakes;
    }

    /** Loop thread. @return what the first failed TLS handshake said, or null */
    String firstTlsFailure() {
        return firstTlsFailure;
    }

    void ioFailed(int target) {
        io++;
        if (endpoints != null) {
            endpoints[target].ioFailed();
        }
        countError();
    }

    /** HTTP/2: the server reset the request's stream; {@code target} the request's target index. */
    void streamReset(int target) {
        reset++;
        if (endpoints != null) {
            endpoints[target].streamReset();
        }
        countError();
    }

    /** HTTP/2: the request was lost to the server's GOAWAY; {@code target} the request's target index. */
    void goneAway(int target) {
        goaway++;
        if (endpoints != null) {
            endpoints[target].goneAway();
        }
        countError();
    }

    /** Open model: a request came due while every connection was busy and the queue was full. */
    void dropped() {
        DROPPED.setRelease(this, (long) DROPPED.get(this) + 1);
    }

    /** A sampled response body was checked ({@code --expect-json}). */
    void bodyChecked(boolean valid, int target) {
        checkedBodies++;
        if (!valid) {
            invalidBodies++;
            if (endpoints != null) {
                endpoints[target].invalidBody();
            }
            countError();
        }
    }

    /** A request was started (written, or connecting first). */
    void sent() {
        SENT.setRelease(this, (long) SENT.get(this) + 1);
    }

    /** Any thread. @return requests started in the measured window so far */
    long sentSoFar() {
        return (long) SENT.getAcquire(this);
    }

    /** Any thread. @return requests dropped in the measured window so far */
    long droppedSoFar() {
        return (long) DROPPED.getAcquire(this);
    }

    private void countError() {
        ERRORS.setRelease(this, (long) ERRORS.get(this) + 1);
    }

    /** Any thread. @return errors of every kind so far */
    long errorsSoFar() {
        return (long) ERRORS.getAcquire(this);
    }

    /** Any thread. */
    SingleWriterRecorder latencyRecorder() {
        return latency;
    }

    /** Any thread. */
    SingleWriterRecorder fromWriteRecorder() {
        return fromWrite;
    }

    /** Any thread. @return null in the closed model */
    SingleWriterRecorder serviceTimeRecorder() {
        return serviceTime;
    }

    /** Loop thread. */
    ErrorCounts errorCounts() {
        TreeMap<Integer, Long> codes = new TreeMap<>();
        for (int code = 0; code < status.length; code++) {
            if (status[code] > 0) {
                codes.put(code, status[code]);
            }
        }
        return new ErrorCounts(connect, timeout, io, invalidBodies, codes, tls, reset, goaway, firstConnectFailure);
    }

    /** Loop thread. @return per named endpoint (by target index), or null for a load without */
    EndpointStats[] endpoints() {
        return endpoints;
    }

    /** Loop thread. */
    long clamped() {
        return clamped;
    }

    /** Loop thread. */
    long droppedCount() {
        return dropped;
    }

    /** Loop thread. */
    long checkedBodies() {
        return checkedBodies;
    }

    /** Loop thread. */
    long sentCount() {
        return sent;
    }
}
