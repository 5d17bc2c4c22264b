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

    static {
        try {
            ERRORS = MethodHandles.lookup().findVarHandle(LoopStats.class, "errors", long.class);
            COMPLETED = MethodHandles.lookup().findVarHandle(LoopStats.class, "completed", long.class);
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
    private long sent;

    // cold: touched per error
    private long connect;
    private long timeout;
    private long io;
    private long reset;
    private long goaway;
    private long dropped;
    private long checkedBodies;
    private long invalidBodies;
    private final long[] status = new long[1000];
    private long tls;
    /** What the first failed TLS handshake said, or null. */
    private String firstTlsFailure;
    /** TLS handshake times, µs; null until the first. */
    private Histogram handshakes;
    private long resumedHandshakes;

    /** @param withServiceTime also record service time (open model), separately from latency */
    LoopStats(boolean withServiceTime) {
        this.serviceTime = withServiceTime ? newRecorder() : null;
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

    /** @param code an HTTP status ≥ 400 */
    void status(int code) {
        status[Math.min(Math.max(code, 0), status.length - 1)]++;
        countError();
    }

    void connectFailed() {
        connect++;
        countError();
    }

    void timedOut() {
        timeout++;
        countError();
    }

    /** A request's TLS handshake failed. */
    void tlsFailed() {
        tls++;
        countError();
    }

    /** Keeps the first TLS failure's cause, to say why handshakes failed (not counted: {@link #tlsFailed()} counts). */
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

    void ioFailed() {
        io++;
        countError();
    }

    /** HTTP/2: the server reset the request's stream. */
    void streamReset() {
        reset++;
        countError();
    }

    /** HTTP/2: the request was lost to the server's GOAWAY. */
    void goneAway() {
        goaway++;
        countError();
    }

    /** Open model: a request came due while every connection was busy and the queue was full. */
    void dropped() {
        dropped++;
    }

    /** A sampled response body was checked ({@code --expect-json}). */
    void bodyChecked(boolean valid) {
        checkedBodies++;
        if (!valid) {
            invalidBodies++;
            countError();
        }
    }

    /** A request was started (written, or connecting first). */
    void sent() {
        sent++;
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
        return new ErrorCounts(connect, timeout, io, invalidBodies, codes, tls, reset, goaway);
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
