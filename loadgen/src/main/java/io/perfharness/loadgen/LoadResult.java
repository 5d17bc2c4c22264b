package io.perfharness.loadgen;

import io.perfharness.reports.ErrorCounts;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * What one run measured, over the measured window only (warm-up excluded).
 *
 * @param spec              the load that was applied
 * @param requests          completed responses (any status) whose end fell in the measured window
 * @param durationSeconds   length of the measured window in s (shorter than {@code spec.duration()} only
 *                          if the run was interrupted)
 * @param errors            failed requests in the measured window, by kind; HTTP status ≥ 400 responses
 *                          are counted here by code and also in {@code requests}
 * @param latencyMicros     merged HdrHistogram of the latency of every completed response, values in µs
 *                          (1 µs .. 1 h, 3 significant digits); its total count equals {@code requests}.
 *                          Closed model: response end − when the request was due. Open model: response
 *                          end − when the schedule intended to send it (corrected for coordinated
 *                          omission, as wrk2)
 * @param clampedValues     latencies (or service times) outside 1 µs .. 1 h, recorded as the nearest bound
 * @param serviceTimeMicros open model: response end − when a connection actually started on the
 *                          request (connect included), µs, same range; the uncorrected latency.
 *                          {@code null} in the closed model, where it equals {@code latencyMicros}
 * @param dropped           open model: requests that came due while every connection was busy and the
 *                          queue of waiting requests was full, so were never sent (not in {@code
 *                          requests} nor {@code errors}); 0 in the closed model
 * @param intervals         latency histograms (µs) of each second of the measured window, oldest first,
 *                          time-stamped in epoch ms; the last may be shorter. Their counts add up to
 *                          {@code requests}
 * @param checkedBodies     {@code spec.expectJson()}: sampled response bodies (ended in the measured window)
 *                          that were checked; 0 otherwise
 * @param fromWriteMicros   merged histogram of response end − when the request was written on its
 *                          connection, µs, same range and count as {@code latencyMicros}: the connect of a
 *                          reconnect and any wait for a connection are excluded (what wrk calls latency)
 * @param warmupSeconds     the warm-up actually applied before the measured window, s: at least
 *                          {@code spec.warmup()}, longer while the generator was still getting faster
 *                          (at most 10 s longer)
 * @param cost              the load generator's own CPU time over the measured window and how busy its
 *                          event loops were
 * @param endpoints         per named endpoint ({@code spec.endpoints()}, in that order) its own results; empty
 *                          for a load of a URL list
 * @param intervalCounts    per interval of {@code intervals} (same length and order): the load asked for (the
 *                          stages' target), requests sent, errors, dropped, active connections
 * @param tls               the TLS handshakes (provider, times, resumed sessions) when a URL is {@code https://};
 *                          {@code null} otherwise
 * @param dueByStage        open model with stages: per stage of {@code spec.stages()}, the requests whose intended
 *                          send time fell in it (sent, still waiting at the end, or dropped): the integral of the rate
 *                          over the stage, to within one request per event loop. Empty otherwise
 */
public record LoadResult(LoadSpec spec, long requests, double durationSeconds, ErrorCounts errors,
                         Histogram latencyMicros, long clampedValues, Histogram serviceTimeMicros, long dropped,
                         List<Histogram> intervals, long checkedBodies, Histogram fromWriteMicros,
                         double warmupSeconds, ClientCost cost, List<EndpointResult> endpoints,
                         List<IntervalCounts> intervalCounts, TlsResult tls, List<Long> dueByStage) {

    public LoadResult {
        intervals = intervals == null ? List.of() : intervals;
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        cost = cost == null ? ClientCost.NONE : cost;
        intervalCounts = intervalCounts == null ? List.of() : List.copyOf(intervalCounts);
        dueByStage = dueByStage == null ? List.of() : List.copyOf(dueByStage);
    }

    /**
     * @return why the first failed connect of the measured window failed (one line: the exception's type and
     *         message, e.g. {@code AnnotatedConnectException: ... Connection refused}, or that it timed out), or
     *         {@code null} if none failed: {@code errors().connectCause()}; failed connects are
     *         {@code errors().connect()}
     */
    public String firstConnectFailure() {
        return errors.connectCause();
    }

    /** @return completed responses per second of the measured window (req/s) */
    public double requestsPerSecond() {
        return durationSeconds > 0 ? requests / durationSeconds : 0;
    }

    /**
     * Writes {@link #intervals()} as an HdrHistogram interval log ({@code .hlog}, format 1.3), readable
     * with {@code HistogramLogReader} and {@code HistogramLogProcessor}: values in µs, the max column
     * in ms, time stamps relative to the start of the measured window. Does not close {@code out}.
     *
     * @param out where to write (UTF-8 text)
     */
    public void writeHistogramLog(OutputStream out) {
        PrintStream print = new PrintStream(out, false, StandardCharsets.UTF_8);
        HistogramLogWriter log = new HistogramLogWriter(print);
        long base = intervals.isEmpty() ? latencyMicros.getStartTimeStamp() : intervals.get(0).getStartTimeStamp();
        log.outputComment("perfharness loadgen: latency in microseconds, " + spec.urls());
        log.outputLogFormatVersion();
        log.outputStartTime(base);
        log.setBaseTime(base);
        log.outputLegend();
        for (Histogram h : intervals) {
            log.outputIntervalHistogram((h.getStartTimeStamp() - base) / 1000.0,
                    (h.getEndTimeStamp() - base) / 1000.0, h, 1000.0);
        }
        print.flush();
    }

    /** @return the checked bodies that did not parse as JSON: {@code errors().body()} */
    public long invalidBodies() {
        return errors.body();
    }
}
