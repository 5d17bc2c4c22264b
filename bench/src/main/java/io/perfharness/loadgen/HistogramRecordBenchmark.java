package io.perfharness.loadgen;

import io.perfharness.bench.LatencySamples;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/*
 * Recording one latency, the load generator's per-response bookkeeping: HdrHistogram's
 * recordValue on a plain Histogram, through a SingleWriterRecorder (what each event loop's
 * LoopStats uses, so the sampler can take per-second intervals without a lock) and through the
 * multi-writer Recorder (what sharing one recorder between loops would cost).
 *
 * Mode: average time, unit ns per recorded value. State: Scope.Thread (one writer, as in the
 * load generator), histograms of the load generator's range (1 µs .. 1 h, 3 digits). The values
 * cycle through 4096 plausible latencies (LatencySamples) so that neither the value nor the
 * bucket is a constant; each method returns the value it recorded (no dead code).
 *
 * What to compare:
 *  - baseline: fetching the next value alone; subtract it from the others.
 *  - histogram: Histogram.recordValue, the floor.
 *  - singleWriterRecorder: the same inside the WriterReaderPhaser's writer critical section:
 *    two uncontended atomic increments (enter, exit) and a volatile read per value.
 *  - recorder: the multi-writer Recorder: on top, its ConcurrentHistogram increments the count
 *    atomically inside a phaser of its own (two more atomic increments).
 *  - loopStatsLatency: LoopStats.latency(ns) itself: ns to µs, clamp to range and count
 *    clamped values, record into the SingleWriterRecorder.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HistogramRecordBenchmark {

    private static final int MASK = 4095;

    private long[] micros;
    private long[] nanos;
    private int next;
    private Histogram histogram;
    private SingleWriterRecorder singleWriterRecorder;
    private Recorder recorder;
    private LoopStats stats;

    @Setup
    public void setUp() {
        micros = LatencySamples.micros(MASK + 1, 7);
        nanos = new long[micros.length];
        for (int i = 0; i < micros.length; i++) {
            nanos[i] = micros[i] * 1000 + i % 1000; // sub-µs digits, as System.nanoTime differences have
        }
        histogram = LoopStats.newHistogram();
        singleWriterRecorder = LoopStats.newRecorder();
        recorder = new Recorder(LoopStats.LOWEST_MICROS, LoopStats.HIGHEST_MICROS, LoopStats.DIGITS);
        stats = new LoopStats(false, 0);
    }

    private long nextMicros() {
        return micros[next++ & MASK];
    }

    @Benchmark
    public long baseline() {
        return nextMicros();
    }

    @Benchmark
    public long histogram() {
        long v = nextMicros();
        histogram.recordValue(v);
        return v;
    }

    @Benchmark
    public long singleWriterRecorder() {
        long v = nextMicros();
        singleWriterRecorder.recordValue(v);
        return v;
    }

    @Benchmark
    public long recorder() {
        long v = nextMicros();
        recorder.recordValue(v);
        return v;
    }

    @Benchmark
    public long loopStatsLatency() {
        long v = nanos[next++ & MASK];
        stats.latency(v);
        return v;
    }
}
