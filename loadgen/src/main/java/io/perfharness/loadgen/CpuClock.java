package io.perfharness.loadgen;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CPU time of this process and of given threads, for {@link ClientCost}. A reading is
 * taken at each end of the measured window; {@link Reading#costSince} turns two into a cost.
 */
final class CpuClock {

    /** Linux's USER_HZ: the unit of utime / stime in {@code /proc/self/stat}, ticks per s. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path PROC_STAT = Path.of("/proc/self/stat");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean threadTimes;

    CpuClock() {
        boolean supported = threads.isThreadCpuTimeSupported();
        if (supported && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        threadTimes = supported;
    }

    /**
     * One reading.
     *
     * @param nanos       {@link System#nanoTime()} when taken, ns
     * @param userNanos   process user time, ns
     * @param systemNanos process kernel time, ns
     * @param loopNanos   CPU time (user + kernel) of each loop thread, ns; empty if not measurable
     */
    record Reading(long nanos, long userNanos, long systemNanos, long[] loopNanos) {

        /** @return the cost between {@code earlier} and this reading, for {@code requests} completed in between */
        ClientCost costSince(Reading earlier, long requests) {
            double window = (nanos - earlier.nanos) / 1e9;
            List<Double> busy = new ArrayList<>();
            if (window > 0 && loopNanos.length == earlier.loopNanos.length) {
                for (int i = 0; i < loopNanos.length; i++) {
                    busy.add(Math.max(0, loopNanos[i] - earlier.loopNanos[i]) / 1e9 / window);
                }
            }
            return new ClientCost(window, requests, Math.max(0, userNanos - earlier.userNanos) / 1e9,
                    Math.max(0, systemNanos - earlier.systemNanos) / 1e9, busy);
        }
    }

    /** @param loops the event loops' threads, in loop order */
    Reading read(List<Thread> loops) {
        long[] loopNanos = new long[threadTimes ? loops.size() : 0];
        for (int i = 0; i < loopNanos.length; i++) {
            loopNanos[i] = Math.max(0, threads.getThreadCpuTime(loops.get(i).getId()));
        }
        long[] process = processTimes();
        return new Reading(System.nanoTime(), process[0], process[1], loopNanos);
    }

    /** @return {user, system} ns of this process */
    private static long[] processTimes() {
        try {
            String stat = Files.readString(PROC_STAT);
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of proc(5), i.e. 11 and 12 after the name
            return new long[]{ticksToNanos(Long.parseLong(f[11])), ticksToNanos(Long.parseLong(f[12]))};
        } catch (IOException | RuntimeException e) {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
                return new long[]{Math.max(0, sun.getProcessCpuTime()), 0};
            }
            return new long[]{0, 0};
        }
    }

    private static long ticksToNanos(long ticks) {
        return (long) (ticks / TICKS_PER_SECOND * 1e9);
    }
}
