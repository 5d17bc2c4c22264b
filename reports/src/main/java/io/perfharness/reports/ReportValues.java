package io.perfharness.reports;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The checks of a report's values as read from a file: counts and times that cannot be, which would
 * otherwise be compared, merged or drawn as if measured. Each failure names the file and the field.
 */
final class ReportValues {

    /** How far {@code requestsPerSecond} may be from {@code requests / durationSeconds}, relative. */
    static final double RATE_TOLERANCE = 0.01;

    private final Path file;

    private ReportValues(Path file) {
        this.file = file;
    }

    /**
     * @throws ReportFormatException naming {@code file} and the first field that is negative, not finite,
     *                               out of its range, or disagrees with the others (an error rate over 100%, a
     *                               histogram whose counts overflow or do not add up to {@code requests})
     */
    static void check(Path file, RunReport report) {
        ReportValues v = new ReportValues(file);
        v.load("load", report.load());
        List<Repetition> reps = report.repetitions();
        for (int i = 0; i < reps.size(); i++) {
            Repetition r = reps.get(i);
            String at = "repetitions[" + i + "].";
            v.run(at, r.requests(), r.durationSeconds(), r.requestsPerSecond(), r.errors(), r.latency(), r.histogram());
            if (r.endpoints() != null) {
                long sum = 0;
                for (int e = 0; e < r.endpoints().size(); e++) {
                    EndpointReport ep = r.endpoints().get(e);
                    String ea = at + "endpoints[" + e + "].";
                    v.run(ea, ep.requests(), ep.durationSeconds(), ep.requestsPerSecond(), ep.errors(), ep.latency(),
                            ep.histogram());
                    sum = v.add(at + "endpoints", sum, ep.requests());
                }
                v.require(sum == r.requests(), at + "endpoints", "their requests (" + sum
                        + ") do not add up to the repetition's (" + r.requests() + ")");
            }
            for (int s = 0; s < r.timeline().size(); s++) {
                TimelineSample t = r.timeline().get(s);
                String ts = at + "timeline[" + s + "].";
                v.nonNegative(ts + "startSeconds", t.startSeconds());
                v.nonNegative(ts + "durationSeconds", t.durationSeconds());
                v.nonNegative(ts + "requests", t.requests());
                v.nonNegative(ts + "requestsPerSecond", t.requestsPerSecond());
                v.nonNegative(ts + "p50Us", t.p50Us());
                v.nonNegative(ts + "p99Us", t.p99Us());
                v.nonNegative(ts + "maxUs", t.maxUs());
                v.nonNegativeOrNull(ts + "target", t.target());
                v.nonNegativeOrNull(ts + "sent", t.sent());
                v.nonNegativeOrNull(ts + "errors", t.errors());
                v.nonNegativeOrNull(ts + "dropped", t.dropped());
                v.nonNegativeOrNull(ts + "activeConnections", t.activeConnections());
            }
            for (int s = 0; s < r.stages().size(); s++) {
                StageResult st = r.stages().get(s);
                String ss = at + "stages[" + s + "].";
                int count = report.load().stages() == null ? 0 : report.load().stages().size();
                v.require(st.stage() >= 0 && st.stage() < count, ss + "stage", st.stage() + " is not one of load.stages ("
                        + count + ")");
                v.nonNegative(ss + "durationSeconds", st.durationSeconds());
                v.nonNegative(ss + "target", st.target());
                v.nonNegative(ss + "sent", st.sent());
                v.nonNegative(ss + "errors", st.errors());
                v.nonNegative(ss + "dropped", st.dropped());
                v.nonNegativeOrNull(ss + "due", st.due());
                v.require(st.histogram() != null && st.latency() != null, ss + "histogram", "missing");
            }
        }
        if (!reps.isEmpty()) {
            long sum = 0;
            for (Repetition r : reps) {
                sum = v.add("requests", sum, r.requests());
            }
            v.require(sum == report.requests(), "requests", report.requests() + " is not the sum of the repetitions' ("
                    + sum + ")");
        }
        v.run("", report.requests(), report.durationSeconds(), report.requestsPerSecond(), report.errors(),
                report.latency(), report.histogram());
    }

    private void load(String at, LoadParameters l) {
        require(l.urls() != null && !l.urls().isEmpty(), at + ".urls", "no URL");
        require(l.connections() >= 1, at + ".connections", l.connections() + " is less than 1");
        require(l.threads() >= 1, at + ".threads", l.threads() + " is less than 1");
        nonNegative(at + ".durationSeconds", l.durationSeconds());
        nonNegative(at + ".warmupSeconds", l.warmupSeconds());
        nonNegative(at + ".timeoutSeconds", l.timeoutSeconds());
        if (l.rate() != null) {
            nonNegative(at + ".rate", l.rate());
            require(l.rate() > 0, at + ".rate", "0 requests/s");
        }
        if (l.endpoints() != null) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (int i = 0; i < l.endpoints().size(); i++) {
                LoadParameters.Endpoint e = l.endpoints().get(i);
                String ea = at + ".endpoints[" + i + "]";
                require(e.name() != null && names.add(e.name()), ea + ".name", "missing or given twice");
                require(e.weight() >= 1, ea + ".weight", e.weight() + " is less than 1");
            }
        }
        if (l.stages() != null) {
            for (int i = 0; i < l.stages().size(); i++) {
                LoadParameters.Stage s = l.stages().get(i);
                nonNegative(at + ".stages[" + i + "].durationSeconds", s.durationSeconds());
                require((s.rate() == null) != (s.connections() == null), at + ".stages[" + i + "]",
                        "needs a rate or connections, not both");
                nonNegative(at + ".stages[" + i + "]." + (s.rate() != null ? "rate" : "connections"), s.value());
            }
        }
    }

    private void run(String at, long requests, double seconds, double rps, ErrorCounts errors, LatencySummary latency,
                     EncodedHistogram histogram) {
        nonNegative(at + "requests", requests);
        nonNegative(at + "durationSeconds", seconds);
        nonNegative(at + "requestsPerSecond", rps);
        double expected = seconds > 0 ? requests / seconds : 0;
        require(Math.abs(rps - expected) <= RATE_TOLERANCE * Math.max(expected, 1e-9) || seconds == 0 && rps == 0,
                at + "requestsPerSecond", rps + " is not requests / durationSeconds (" + expected + ")");
        nonNegative(at + "errors.connect", errors.connect());
        nonNegative(at + "errors.timeout", errors.timeout());
        nonNegative(at + "errors.io", errors.io());
        nonNegative(at + "errors.body", errors.body());
        nonNegative(at + "errors.tls", errors.tls());
        nonNegative(at + "errors.reset", errors.reset());
        nonNegative(at + "errors.goaway", errors.goaway());
        long completedErrors = errors.body();
        long all = add(at + "errors", errors.connect(), errors.timeout());
        all = add(at + "errors", all, errors.io());
        all = add(at + "errors", all, errors.body());
        all = add(at + "errors", all, errors.tls());
        all = add(at + "errors", all, errors.reset());
        all = add(at + "errors", all, errors.goaway());
        for (Map.Entry<Integer, Long> e : errors.status().entrySet()) {
            String f = at + "errors.status." + e.getKey();
            require(e.getKey() >= 100 && e.getKey() <= 599, f, "not an HTTP status code");
            nonNegative(f, e.getValue());
            completedErrors = add(at + "errors", completedErrors, e.getValue());
            all = add(at + "errors", all, e.getValue());
        }
        // status and body errors are completed responses, counted in requests too
        require(completedErrors <= requests, at + "errors", "status and body errors (" + completedErrors
                + ") exceed the requests (" + requests + "): an error rate over 100%");
        nonNegative(at + "latency.minUs", latency.minUs());
        nonNegative(at + "latency.meanUs", latency.meanUs());
        nonNegative(at + "latency.stddevUs", latency.stddevUs());
        nonNegative(at + "latency.p50Us", latency.p50Us());
        nonNegative(at + "latency.p90Us", latency.p90Us());
        nonNegative(at + "latency.p99Us", latency.p99Us());
        nonNegative(at + "latency.p999Us", latency.p999Us());
        nonNegative(at + "latency.maxUs", latency.maxUs());
        String hf = at + "histogram";
        Histogram h;
        try {
            h = histogram.decode();
        } catch (IllegalArgumentException e) {
            throw new ReportFormatException(file + ": field '" + hf + "': " + e.getMessage(), e);
        }
        long count = 0;
        // every bucket, not recordedValues(): that stops at the total count, which an overflow makes negative
        for (HistogramIterationValue v : h.allValues()) {
            require(v.getCountAtValueIteratedTo() >= 0, hf, "a negative count");
            count = add(hf, count, v.getCountAtValueIteratedTo());
        }
        require(count == requests, hf, "holds " + count + " latencies, but requests is " + requests);
    }

    private long add(String field, long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new ReportFormatException(file + ": field '" + field + "': counts overflow (more than "
                    + Long.MAX_VALUE + ")");
        }
    }

    private void nonNegative(String field, double value) {
        require(Double.isFinite(value), field, value + " is not a finite number");
        require(value >= 0, field, value + " is negative");
    }

    private void nonNegativeOrNull(String field, Number value) {
        if (value != null) {
            nonNegative(field, value.doubleValue());
        }
    }

    private void require(boolean ok, String field, String what) {
        if (!ok) {
            throw new ReportFormatException(file + ": field '" + field + "': " + what);
        }
    }
}
