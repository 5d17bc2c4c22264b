package io.perfharness.app.run;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import io.perfharness.harness.process.ManagedProcess;

/**
 * Samples the CPU time the services' process trees use while a load runs, so that a report can say how
 * much CPU the server spent per request: a measure that a busy neighbour barely moves (it slows wall-clock
 * throughput, not the work each request takes), unlike throughput and latency. A daemon thread reads
 * {@link ManagedProcess#cpuTimeNanos()} every {@value #PERIOD_MS} ms; the CPU at the measured window's
 * start and end is interpolated between samples.
 */
final class ServiceCpu implements AutoCloseable {
    /** Sampling period, ms. */
    static final long PERIOD_MS = 50;

    private record Sample(long epochMillis, long cpuNanos) {
    }

    private final List<ManagedProcess> services;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private ServiceCpu(List<ManagedProcess> services) {
        this.services = List.copyOf(services);
        this.thread = new Thread(this::sample, "service-cpu");
        this.thread.setDaemon(true);
    }

    /** @return a sampler of {@code services} that has taken its first sample; none sampled when empty */
    static ServiceCpu of(List<ManagedProcess> services) {
        ServiceCpu s = new ServiceCpu(services);
        if (!services.isEmpty()) {
            s.take();
            s.thread.start();
        }
        return s;
    }

    private void sample() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            take();
        }
    }

    private void take() {
        long cpu = 0;
        for (ManagedProcess p : services) {
            cpu += p.cpuTimeNanos();
        }
        long now = System.currentTimeMillis();
        synchronized (samples) {
            samples.add(new Sample(now, cpu));
        }
    }

    /**
     * @param fromEpochMillis start of the measured window
     * @param toEpochMillis   its end (not after now)
     * @param requests        requests completed in it
     * @return the services' CPU time per request in the window, µs; empty without services, requests or
     *         samples around the window
     */
    OptionalDouble perRequestMicros(long fromEpochMillis, long toEpochMillis, long requests) {
        if (services.isEmpty() || requests <= 0 || toEpochMillis <= fromEpochMillis) {
            return OptionalDouble.empty();
        }
        take();
        List<Sample> copy;
        synchronized (samples) {
            copy = new ArrayList<>(samples);
        }
        OptionalDouble from = at(copy, fromEpochMillis);
        OptionalDouble to = at(copy, toEpochMillis);
        if (from.isEmpty() || to.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(0, to.getAsDouble() - from.getAsDouble()) / 1000.0 / requests);
    }

    /** @return the CPU ns at {@code t}, linearly between the samples around it */
    private static OptionalDouble at(List<Sample> s, long t) {
        for (int i = 1; i < s.size(); i++) {
            Sample a = s.get(i - 1);
            Sample b = s.get(i);
            if (a.epochMillis() <= t && t <= b.epochMillis()) {
                double f = b.epochMillis() == a.epochMillis() ? 1 : (t - a.epochMillis()) / (double) (b.epochMillis() - a.epochMillis());
                return OptionalDouble.of(a.cpuNanos() + f * (b.cpuNanos() - a.cpuNanos()));
            }
        }
        return OptionalDouble.empty();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
