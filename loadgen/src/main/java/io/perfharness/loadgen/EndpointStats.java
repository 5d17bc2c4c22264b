package io.perfharness.loadgen;

import io.perfharness.reports.ErrorCounts;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one event loop measured of one named endpoint in the measured window: its latencies and errors.
 * Written and read only on the loop's thread (read once the loop has stopped), so plain fields.
 */
final class EndpointStats {

    final Histogram latency = LoopStats.newHistogram();
    final Histogram fromWrite = LoopStats.newHistogram();
    private long connect;
    private long timeout;
    private long io;
    private long body;
    private long tls;
    private long reset;
    private long goaway;
    private long[] status;

    /** @param latencyMicros the latency, µs, already clamped to the histogram's range; likewise {@code fromWriteMicros} */
    void completed(long latencyMicros, long fromWriteMicros) {
        latency.recordValue(latencyMicros);
        fromWrite.recordValue(fromWriteMicros);
    }

    /** @param code 0 .. 999 */
    void status(int code) {
        if (status == null) {
            status = new long[1000];
        }
        status[code]++;
    }

    void connectFailed() {
        connect++;
    }

    void timedOut() {
        timeout++;
    }

    void ioFailed() {
        io++;
    }

    void streamReset() {
        reset++;
    }

    void goneAway() {
        goaway++;
    }

    void tlsFailed() {
        tls++;
    }

    void invalidBody() {
        body++;
    }

    ErrorCounts errorCounts() {
        TreeMap<Integer, Long> codes = new TreeMap<>();
        if (status != null) {
            for (int code = 0; code < status.length; code++) {
                if (status[code] > 0) {
                    codes.put(code, status[code]);
                }
            }
        }
        return new ErrorCounts(connect, timeout, io, body, codes, tls, reset, goaway);
    }
}
