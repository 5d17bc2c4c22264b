package io.perfharness.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.HdrHistogram.Histogram;

/**
 * Adds up the reports of load generators that loaded the same system at the same time (from several
 * machines, to outgrow one): histograms and counts are added repetition by repetition, second by
 * second, and the throughputs add up.
 *
 * <pre>{@code
 * RunReport all = ConcurrentMerge.of(List.of(ReportFiles.read(a), ReportFiles.read(b))).report();
 * }</pre>
 *
 * <p>Per-second percentiles of the timeline cannot be recomputed (the timeline keeps no histograms):
 * a merged second's p50 and p99 are the largest of the generators' — an upper bound of the true value,
 * since no more than 1% of any generator's latencies lie above its own p99. The repetitions' and the
 * whole run's percentiles are exact (from the added histograms).
 *
 * @param report   the merged report
 * @param warnings doubts about the inputs (start times far apart), one line each
 */
public record ConcurrentMerge(RunReport report, List<String> warnings) {

    public ConcurrentMerge {
        warnings = List.copyOf(warnings);
    }

    /**
     * @param reports at least two reports of the same step, method, measured duration and number of
     *                repetitions, each of the closed model or each of the open one
     * @throws IllegalArgumentException naming the first disagreement when they cannot have run together
     */
    public static ConcurrentMerge of(List<RunReport> reports) {
        if (reports.size() < 2) {
            throw new IllegalArgumentException("merge needs at least two reports, got " + reports.size());
        }
        RunReport first = reports.get(0);
        List<String> warnings = new ArrayList<>();
        for (int i = 1; i < reports.size(); i++) {
            RunReport r = reports.get(i);
            String which = "report " + (i + 1);
            require(Objects.equals(first.step(), r.step()), which + " is of step " + r.step() + ", report 1 of " + first.step());
            require(first.load().method().equals(r.load().method()),
                    which + " used " + r.load().method() + ", report 1 " + first.load().method());
            require(Math.abs(first.load().durationSeconds() - r.load().durationSeconds()) <= 0.01 * first.load().durationSeconds(),
                    which + " measured " + r.load().durationSeconds() + " s, report 1 " + first.load().durationSeconds() + " s");
            require(Objects.equals(first.load().headers(), r.load().headers())
                            && Objects.equals(first.load().body(), r.load().body())
                            && Objects.equals(first.load().expectStatus(), r.load().expectStatus())
                            && Objects.equals(first.load().expectJson(), r.load().expectJson())
                            && Objects.equals(first.load().insecure(), r.load().insecure()),
                    which + " sent other requests (headers, body, response or certificate checks) than report 1");
            require(Objects.equals(first.load().h2(), r.load().h2()) && Objects.equals(first.load().streams(), r.load().streams()),
                    which + " used h2 " + r.load().h2() + " with " + r.load().streams() + " streams, report 1 h2 "
                            + first.load().h2() + " with " + first.load().streams());
            require((first.load().rate() == null) == (r.load().rate() == null),
                    which + " and report 1 mix the open and the closed model");
            require(first.runs().size() == r.runs().size(),
                    which + " has " + r.runs().size() + " repetitions, report 1 " + first.runs().size());
            Duration apart = apart(first.meta().timestamp(), r.meta().timestamp());
            double window = first.load().warmupSeconds() + first.load().durationSeconds() * first.runs().size();
            if (apart != null && apart.toMillis() / 1000.0 > window) {
                warnings.add(which + " started " + apart.toSeconds() + " s apart from report 1: did they run at the same time?");
            }
        }
        List<Repetition> reps = new ArrayList<>();
        for (int i = 0; i < first.runs().size(); i++) {
            int index = i;
            reps.add(mergeRepetition(reports.stream().map(r -> r.runs().get(index)).toList()));
        }
        RunReport merged = RunReport.ofRepetitions(meta(reports), first.scenario(), first.step(), load(reports), reps);
        if (reports.stream().allMatch(r -> r.agents() != null)) {
            // agents' reports (--segment): the merged one says who made which part
            merged = merged.withAgents(reports.stream().flatMap(r -> r.agents().stream())
                    .sorted(java.util.Comparator.comparingInt(AgentPart::index)).toList());
        }
        return new ConcurrentMerge(merged, warnings);
    }

    private static Repetition mergeRepetition(List<Repetition> parts) {
        long requests = 0;
        long dropped = 0;
        long clamped = 0;
        long checked = 0;
        double seconds = 0;
        ErrorCounts errors = ErrorCounts.NONE;
        Histogram all = null;
        Histogram service = null;
        boolean open = parts.stream().allMatch(p -> p.serviceHistogram() != null);
        Histogram fromWrite = null;
        boolean fromWrites = parts.stream().allMatch(p -> p.fromWriteHistogram() != null);
        for (Repetition p : parts) {
            requests += p.requests();
            dropped += p.dropped();
            clamped += p.clampedValues();
            checked += p.checkedBodies();
            seconds += p.durationSeconds();
            errors = errors.plus(p.errors());
            Histogram h = p.histogram().decode();
            if (all == null) {
                all = h;
            } else {
                all.add(h);
            }
            if (fromWrites) {
                Histogram fw = p.fromWriteHistogram().decode();
                if (fromWrite == null) {
                    fromWrite = fw;
                } else {
                    fromWrite.add(fw);
                }
            }
            if (open) {
                Histogram sh = p.serviceHistogram().decode();
                if (service == null) {
                    service = sh;
                } else {
                    service.add(sh);
                }
            }
        }
        // the generators ran side by side: the window is theirs (their mean), the requests add up
        double window = seconds / parts.size();
        int samples = parts.stream().mapToInt(p -> p.timeline().size()).max().orElse(0);
        List<TimelineSample> timeline = new ArrayList<>();
        for (int s = 0; s < samples; s++) {
            double start = Double.MAX_VALUE;
            double duration = 0;
            long n = 0;
            double rps = 0;
            long p50 = 0;
            long p99 = 0;
            long max = 0;
            for (Repetition p : parts) {
                if (s < p.timeline().size()) {
                    TimelineSample t = p.timeline().get(s);
                    start = Math.min(start, t.startSeconds());
                    duration = Math.max(duration, t.durationSeconds());
                    n += t.requests();
                    rps += t.requestsPerSecond();
                    p50 = Math.max(p50, t.p50Us());
                    p99 = Math.max(p99, t.p99Us());
                    max = Math.max(max, t.maxUs());
                }
            }
            timeline.add(new TimelineSample(start, duration, n, rps, p50, p99, max, null, null, null, null, null));
        }
        return new Repetition(requests, window, window > 0 ? requests / window : 0, errors, dropped,
                LatencySummary.of(all), EncodedHistogram.of(all),
                service == null ? null : LatencySummary.of(service), service == null ? null : EncodedHistogram.of(service),
                clamped, checked, fromWrite == null ? null : LatencySummary.of(fromWrite),
                fromWrite == null ? null : EncodedHistogram.of(fromWrite),
                CpuCost.weighted(parts.stream().map(Repetition::cpu).toList(), parts.stream().map(Repetition::requests).toList()),
                timeline, endpoints(parts), null,
                TlsHandshakes.merged(parts.stream().map(Repetition::tls).filter(java.util.Objects::nonNull).toList()));
    }

    /** @return the generators' results per endpoint added (side by side), or null when none has any */
    private static List<EndpointReport> endpoints(List<Repetition> parts) {
        if (parts.stream().allMatch(p -> p.endpoints() == null)) {
            return null;
        }
        List<EndpointReport> all = new ArrayList<>();
        parts.stream().filter(p -> p.endpoints() != null).forEach(p -> all.addAll(p.endpoints()));
        return EndpointReport.sum(all, true);
    }

    private static LoadParameters load(List<RunReport> reports) {
        Set<String> urls = new LinkedHashSet<>();
        int connections = 0;
        int threads = 0;
        double warmup = 0;
        double timeout = 0;
        Double rate = null;
        for (RunReport r : reports) {
            LoadParameters l = r.load();
            urls.addAll(l.urls());
            connections += l.connections();
            threads += l.threads();
            warmup = Math.max(warmup, l.warmupSeconds());
            timeout = Math.max(timeout, l.timeoutSeconds());
            if (l.rate() != null) {
                rate = (rate == null ? 0 : rate) + l.rate();
            }
        }
        LoadParameters f = reports.get(0).load();
        // what each request was (headers, body, checks) is the first report's: merge refuses reports that differ in it
        return new LoadParameters(List.copyOf(urls), f.method(), connections, threads, f.durationSeconds(), warmup, timeout,
                rate, f.headers(), f.body(), f.expectStatus(), f.expectJson(), f.endpoints(), f.stages(), f.insecure(),
                f.h2(), f.streams());
    }

    private static RunMeta meta(List<RunReport> reports) {
        RunMeta f = reports.get(0).meta();
        Set<String> hosts = new LinkedHashSet<>();
        reports.forEach(r -> hosts.add(r.meta().host()));
        return new RunMeta(f.git(), f.timestamp(), String.join("+", hosts), f.cores(), f.jvm(), f.os());
    }

    private static Duration apart(String a, String b) {
        try {
            return Duration.between(Instant.parse(a), Instant.parse(b)).abs();
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("cannot merge: " + message);
        }
    }
}
