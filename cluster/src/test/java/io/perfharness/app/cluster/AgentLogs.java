package io.perfharness.app.cluster;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.HdrHistogram.Histogram;

import io.perfharness.app.run.Agent;
import io.perfharness.app.run.FramedReport;
import io.perfharness.app.run.Segment;
import io.perfharness.reports.ErrorCounts;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;

/** The output of an agent as {@code load --segment I/N --print-report} prints it, with a made-up measurement. */
final class AgentLogs {
    private AgentLogs() {
    }

    /** @return agent {@code index} of {@code count}'s report: {@code requests} latencies around {@code medianUs} over 2 s */
    static RunReport report(int index, int count, long requests, double medianUs, Instant startAt) {
        Random random = new Random(index);
        Histogram all = new Histogram(1, 3_600_000_000L, 3);
        for (long i = 0; i < requests; i++) {
            all.recordValue(Math.max(1, Math.round(medianUs * Math.exp(0.4 * random.nextGaussian()))));
        }
        LoadParameters load = new LoadParameters(List.of("http://web.perf.svc:8080/"), "GET", 1, 1, 2, 0, 5, null,
                java.util.Map.of(), null, List.of(), false, null, null, false, false, 1);
        RunReport r = RunReport.ofRepetitions(new RunMeta(null, startAt.toString(), "pod-" + index, 2, "jvm", "os"), null,
                "load", load, List.of(Repetition.of(requests, 2.0, ErrorCounts.NONE, all, List.of())));
        return new Agent.Started(new Agent(new Segment(index, count), startAt, true), startAt.plusMillis(3 + index)).record(r);
    }

    /** @return what the agent printed: a few lines, then its report framed */
    static String log(RunReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        out.println("perfharness: load GET http://web.perf.svc:8080/, 1 connections, 1 threads, 0s warm-up + 2s");
        out.println("  " + report.requests() + " requests in 2.00s");
        FramedReport.print(report, out);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
