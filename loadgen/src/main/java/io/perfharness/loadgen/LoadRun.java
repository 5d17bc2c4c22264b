package io.perfharness.loadgen;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.perfharness.reports.ErrorCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One run of a {@link LoadSpec}: wires the event loops and their workers, samples progress once a
 * second on the calling (control) thread, stops the loops at the end of the measured window and
 * merges what they recorded. Single use.
 */
final class LoadRun {

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLISECOND = 1_000_000L;
    /** Time allowed for the event loops to shut down, ns. */
    private static final long SHUTDOWN_NANOS = 500_000_000L;

    private final LoadSpec spec;
    private final ProgressListener listener;
    private final Transport transport;
    /** Null without stages. */
    private final StageSchedule stageSchedule;
    private IntervalSampler sampler;
    private long sent;
    private double warmupSeconds;

    LoadRun(LoadSpec spec, ProgressListener listener, Transport transport) {
        this.spec = spec;
        this.listener = listener;
        this.transport = transport;
        this.stageSchedule = spec.stages().isEmpty() ? null : new StageSchedule(spec.stages());
    }

    LoadResult run() {
        long entered = System.nanoTime();
        long deadline = entered + WarmUp.longest(spec.warmup()).toNanos() + spec.duration().toNanos()
                + spec.timeout().toNanos() + SECOND;
        List<RequestTarget> targets = RequestTarget.of(spec);
        TlsClient tls = spec.usesTls() ? TlsClient.create(spec.insecure(), spec.h2() ? List.of("h2") : List.of()) : null;
        EventLoopGroup group = transport.newGroup(spec.threads());
        try {
            List<LoopWorker> workers = workers(group, targets, tls);
            List<Thread> threads = threads(workers);
            sampler = new IntervalSampler(workers, spec.openModel());
            CpuClock cpu = new CpuClock();
            long start = System.nanoTime();
            long measureStart = start;
            if (spec.warmup().isZero()) {
                window(workers, measureStart);
            }
            for (LoopWorker w : workers) {
                w.loop().execute(w::start);
            }
            if (!spec.warmup().isZero()) {
                // a little ahead, so that no loop can have recorded anything before the window starts
                measureStart = new WarmUp(spec.warmup(), sampler).awaitSpeed(start) + MILLISECOND;
                window(workers, measureStart);
                sleepUntil(measureStart);
            }
            warmupSeconds = (measureStart - start) / 1e9;
            long measureEnd = measureStart + spec.duration().toNanos();
            CpuClock.Reading cpuAtStart = cpu.read(threads);

            long from = measureStart;
            long end = measureEnd;
            while (true) {
                // intervals end at every second and at every stage's end, so that each belongs to one stage
                long to = Math.min(from + SECOND, measureEnd);
                long stageEnd = nextStageEnd(from - measureStart);
                if (stageEnd < to - measureStart) {
                    to = measureStart + stageEnd;
                }
                if (!sleepUntil(to)) {
                    end = Math.max(measureStart, Math.min(System.nanoTime(), measureEnd));
                    break;
                }
                if (to == measureEnd) {
                    break;
                }
                progress(measureStart, from, to);
                from = to;
            }
            CpuClock.Reading cpuAtEnd = cpu.read(threads);

            List<LoopWorker.Totals> totals = stop(workers, deadline - SHUTDOWN_NANOS);
            if (end > from) {
                progress(measureStart, from, end); // the last, possibly partial, second
            }
            ErrorCounts errors = ErrorCounts.NONE;
            long clamped = 0;
            long dropped = 0;
            long checkedBodies = 0;
            Histogram handshakes = LoopStats.newHistogram();
            long resumed = 0;
            String tlsFailure = null;
            sent = 0;
            long[] due = spec.openModel() && !spec.stages().isEmpty() ? new long[spec.stages().size()] : new long[0];
            for (LoopWorker.Totals t : totals) {
                for (int i = 0; i < due.length; i++) {
                    due[i] += t.dueByStage()[i];
                }
                errors = errors.plus(t.errors());
                clamped += t.clamped();
                dropped += t.dropped();
                sent += t.sent();
                checkedBodies += t.checkedBodies();
                handshakes.add(t.handshakes());
                resumed += t.resumed();
                tlsFailure = tlsFailure != null ? tlsFailure : t.firstTlsFailure();
            }
            Histogram latency = sampler.total();
            latency.setStartTimeStamp(sampler.epochMillis(measureStart));
            latency.setEndTimeStamp(sampler.epochMillis(end));
            Histogram service = sampler.serviceTotal();
            if (service != null) {
                service.setStartTimeStamp(latency.getStartTimeStamp());
                service.setEndTimeStamp(latency.getEndTimeStamp());
            }
            Histogram fromWrite = sampler.fromWriteTotal();
            fromWrite.setStartTimeStamp(latency.getStartTimeStamp());
            fromWrite.setEndTimeStamp(latency.getEndTimeStamp());
            LoadResult result = new LoadResult(spec, latency.getTotalCount(), (end - measureStart) / 1e9,
                    errors, latency, clamped, service, dropped, sampler.intervals(), checkedBodies, fromWrite,
                    warmupSeconds, cpuAtEnd.costSince(cpuAtStart, latency.getTotalCount()),
                    endpoints(totals, latency.getStartTimeStamp(), latency.getEndTimeStamp()), sampler.counts(),
                    tls == null ? null : new TlsResult(tls.provider(), handshakes, resumed, tlsFailure),
                    java.util.Arrays.stream(due).boxed().toList());
            listener.onFinish(result);
            return result;
        } finally {
            group.shutdownGracefully(0, SHUTDOWN_NANOS, TimeUnit.NANOSECONDS)
                    .awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (tls != null) {
                tls.close();
            }
        }
    }

    /** @return per named endpoint, every loop's measurements added; time stamps those of the whole, epoch ms */
    private List<EndpointResult> endpoints(List<LoopWorker.Totals> totals, long startMillis, long endMillis) {
        List<EndpointResult> out = new ArrayList<>();
        for (int i = 0; i < spec.endpoints().size(); i++) {
            Histogram latency = LoopStats.newHistogram();
            Histogram fromWrite = LoopStats.newHistogram();
            ErrorCounts errors = ErrorCounts.NONE;
            for (LoopWorker.Totals t : totals) {
                EndpointStats e = t.endpoints()[i];
                latency.add(e.latency);
                fromWrite.add(e.fromWrite);
                errors = errors.plus(e.errorCounts());
            }
            for (Histogram h : List.of(latency, fromWrite)) {
                h.setStartTimeStamp(startMillis);
                h.setEndTimeStamp(endMillis);
            }
            out.add(new EndpointResult(spec.endpoints().get(i).name(), latency.getTotalCount(), errors, latency, fromWrite));
        }
        return out;
    }

    /** Sets every loop's measured window: from {@code measureStart} for the spec's duration. */
    private void window(List<LoopWorker> workers, long measureStart) {
        for (LoopWorker w : workers) {
            w.measure(measureStart, measureStart + spec.duration().toNanos());
        }
    }

    /** @return each loop's thread, in loop order (starting the threads if need be) */
    private static List<Thread> threads(List<LoopWorker> workers) {
        List<Thread> threads = new ArrayList<>();
        for (LoopWorker w : workers) {
            threads.add(w.loop().submit(Thread::currentThread).syncUninterruptibly().getNow());
        }
        return threads;
    }

    /** @return requests sampled from each event loop, in loop order (after {@link #run()}) */
    long[] requestsPerLoop() {
        return sampler.requestsPerLoop();
    }

    /** @return requests started in the measured window, over all loops (after {@link #run()}) */
    long sent() {
        return sent;
    }

    /** Connection {@code c} goes to loop {@code c % threads}. */
    private List<LoopWorker> workers(EventLoopGroup group, List<RequestTarget> targets, TlsClient tls) {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        List<LoopWorker> workers = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            List<Integer> ids = new ArrayList<>();
            for (int c = i; c < spec.connections(); c += loops.size()) {
                ids.add(c);
            }
            workers.add(new LoopWorker(loops.get(i), i, transport, spec, targets, ids, tls));
        }
        return workers;
    }

    /** @return the end of the first stage that ends after {@code nanos} into the window, ns into it; {@link Long#MAX_VALUE} if none */
    private long nextStageEnd(long nanos) {
        long end = 0;
        for (Stage s : spec.stages()) {
            end += s.duration().toNanos();
            if (end > nanos) {
                return end;
            }
        }
        return Long.MAX_VALUE;
    }

    /** @return index of the stage that holds {@code nanos} into the window (a 0 s stage never), -1 without stages */
    private int stageAt(long nanos) {
        long end = 0;
        for (int i = 0; i < spec.stages().size(); i++) {
            end += spec.stages().get(i).duration().toNanos();
            if (end > nanos) {
                return i;
            }
        }
        return spec.stages().size() - 1;
    }

    /** @return the load asked for over [from, to) ns into the window, mean: requests/s (open model) or connections */
    private double target(long from, long to) {
        if (stageSchedule == null) {
            return spec.openModel() ? spec.rate() : spec.connections();
        }
        double a = from / 1e9;
        double b = to / 1e9;
        return b > a ? (stageSchedule.integral(b) - stageSchedule.integral(a)) / (b - a) : stageSchedule.valueAt(a);
    }

    private void progress(long measureStart, long from, long to) {
        Histogram interval = sampler.sample(from, to, stageAt(from - measureStart),
                target(from - measureStart, to - measureStart));
        Histogram total = sampler.total();
        listener.onProgress(new Progress(Duration.ofNanos(to - measureStart), total.getTotalCount(),
                interval.getTotalCount() * 1e9 / (to - from), sampler.errorsSoFar(),
                total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(99.0)));
    }

    /**
     * Stops every loop (on the loop itself, so nothing is recorded after its totals are taken).
     *
     * @param deadlineNanos give up waiting for a loop at this {@link System#nanoTime()}
     */
    private static List<LoopWorker.Totals> stop(List<LoopWorker> workers, long deadlineNanos) {
        List<Future<LoopWorker.Totals>> futures = new ArrayList<>();
        for (LoopWorker w : workers) {
            futures.add(w.loop().submit(w::stop));
        }
        List<LoopWorker.Totals> totals = new ArrayList<>();
        for (Future<LoopWorker.Totals> f : futures) {
            f.awaitUninterruptibly(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!f.isDone()) {
                throw new IllegalStateException("an event loop did not stop within its deadline");
            }
            try {
                totals.add(f.get());
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("stopping an event loop failed: " + e.getCause(), e.getCause());
            }
        }
        return totals;
    }

    /** @return false if interrupted first (the interrupt flag stays set) */
    static boolean sleepUntil(long nanos) {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }
}
