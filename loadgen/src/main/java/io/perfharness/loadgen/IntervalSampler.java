package io.perfharness.loadgen;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Collects what the event loops recorded, one interval at a time, on the control thread: swaps
 * each loop's {@link SingleWriterRecorder} (wait-free for the loop), merges the loops' interval
 * histograms into one, and keeps the running total. Not thread-safe: control thread only.
 */
final class IntervalSampler {

    private final List<LoopWorker> workers;
    private final Histogram[] latencyRecycled;
    private final Histogram[] serviceRecycled;
    private final Histogram[] fromWriteRecycled;
    private final Histogram fromWriteTotal = LoopStats.newHistogram();
    private final long[] requestsPerLoop;
    private final Histogram total = LoopStats.newHistogram();
    private final Histogram serviceTotal;
    private final IntervalHistograms.Builder intervals = new IntervalHistograms.Builder();
    private final List<IntervalCounts> counts = new ArrayList<>();
    private final boolean openModel;
    private long sentBefore;
    private long errorsBefore;
    private long droppedBefore;
    private final long originNanos = System.nanoTime();
    private final long originEpochMillis = System.currentTimeMillis();

    IntervalSampler(List<LoopWorker> workers, boolean serviceTime) {
        this.workers = workers;
        this.latencyRecycled = new Histogram[workers.size()];
        this.serviceRecycled = new Histogram[workers.size()];
        this.fromWriteRecycled = new Histogram[workers.size()];
        this.requestsPerLoop = new long[workers.size()];
        this.serviceTotal = serviceTime ? LoopStats.newHistogram() : null;
        this.openModel = serviceTime;
    }

    /**
     * Takes everything recorded since the previous call and adds it to the totals.
     *
     * @param fromNanos start of the interval, {@link System#nanoTime()} ns (for the time stamps)
     * @param toNanos   end of the interval, ns
     * @param stage     the stage the interval belongs to, -1 for none ({@link IntervalCounts#stage()})
     * @param target    the load asked for over the interval ({@link IntervalCounts#target()})
     * @return the merged latency histogram of the interval (µs), time-stamped in epoch ms
     */
    Histogram sample(long fromNanos, long toNanos, int stage, double target) {
        long sent = 0;
        long errors = 0;
        long dropped = 0;
        int active = 0;
        for (LoopWorker w : workers) {
            sent += w.stats().sentSoFar();
            errors += w.stats().errorsSoFar();
            dropped += w.stats().droppedSoFar();
            active += w.activeConnections();
        }
        counts.add(new IntervalCounts(stage, target, sent - sentBefore, errors - errorsBefore, dropped - droppedBefore,
                openModel ? -1 : active));
        sentBefore = sent;
        errorsBefore = errors;
        droppedBefore = dropped;
        Histogram interval = LoopStats.newHistogram();
        for (int i = 0; i < workers.size(); i++) {
            LoopStats stats = workers.get(i).stats();
            latencyRecycled[i] = stats.latencyRecorder().getIntervalHistogram(latencyRecycled[i]);
            interval.add(latencyRecycled[i]);
            requestsPerLoop[i] += latencyRecycled[i].getTotalCount();
            fromWriteRecycled[i] = stats.fromWriteRecorder().getIntervalHistogram(fromWriteRecycled[i]);
            fromWriteTotal.add(fromWriteRecycled[i]);
            if (serviceTotal != null) {
                serviceRecycled[i] = stats.serviceTimeRecorder().getIntervalHistogram(serviceRecycled[i]);
                serviceTotal.add(serviceRecycled[i]);
            }
        }
        interval.setStartTimeStamp(epochMillis(fromNanos));
        interval.setEndTimeStamp(epochMillis(toNanos));
        total.add(interval);
        intervals.add(interval);
        return interval;
    }

    /** @return errors of every kind so far, summed over the loops */
    long errorsSoFar() {
        long sum = 0;
        for (LoopWorker w : workers) {
            sum += w.stats().errorsSoFar();
        }
        return sum;
    }

    /** @return the latency of every sampled response, µs */
    Histogram total() {
        return total;
    }

    /** @return response end − write of every sampled response, µs */
    Histogram fromWriteTotal() {
        return fromWriteTotal;
    }

    /** @return responses completed so far by every loop, warm-up included */
    long completedSoFar() {
        long sum = 0;
        for (LoopWorker w : workers) {
            sum += w.stats().completedSoFar();
        }
        return sum;
    }

    /** @return the service time of every sampled response, µs; null in the closed model */
    Histogram serviceTotal() {
        return serviceTotal;
    }

    /** @return the interval histograms, oldest first */
    List<Histogram> intervals() {
        return intervals.build();
    }

    /** @return what each interval asked for and counted, in the order of {@link #intervals()} */
    List<IntervalCounts> counts() {
        return List.copyOf(counts);
    }

    /** @return sampled responses of each loop, in loop order */
    long[] requestsPerLoop() {
        return requestsPerLoop.clone();
    }

    /** @return {@code nanos} on the {@link System#nanoTime()} clock as epoch ms */
    long epochMillis(long nanos) {
        return originEpochMillis + Math.floorDiv(nanos - originNanos, 1_000_000L);
    }
}
