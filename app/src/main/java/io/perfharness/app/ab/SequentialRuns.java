package io.perfharness.app.ab;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.perfharness.reports.RunReport;
import io.perfharness.reports.compare.Comparison;
import io.perfharness.reports.compare.MetricComparison;
import io.perfharness.reports.compare.SequentialComparison;
import io.perfharness.reports.compare.SequentialDesign;

/**
 * The adaptive part of {@code ab}: blocks of one base run and one head run in the
 * {@link InterleavedSchedule}'s order; a look after {@code minRuns} blocks and then after every second
 * block (a balanced pair), each a {@link SequentialComparison}; it stops at the first look that decides,
 * or at the look where the next block would not fit in the budget or {@code maxRuns} is reached (that
 * look is the last one and spends the rest of alpha).
 *
 * <p>The number of blocks planned (the information fraction's denominator) is fixed after the first
 * block from its wall time and the budget left, never from the measured values, so the schedule of looks
 * does not depend on the outcome.
 */
final class SequentialRuns {
    private final SideRunner base;
    private final SideRunner head;
    private final AbSettings settings;
    private final PrintStream progress;

    SequentialRuns(SideRunner base, SideRunner head, AbSettings settings, PrintStream progress) {
        this.base = base;
        this.head = head;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * @param deadline  System.nanoTime() by which the runs should end (the budget)
     * @param prepared  time already spent on worktrees and builds
     */
    AbResult run(long deadline, Duration prepared) {
        Path out = settings.out();
        Path logs = out.resolve("logs");
        try {
            Files.createDirectories(out.resolve("base"));
            Files.createDirectories(out.resolve("head"));
            Files.createDirectories(logs);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot make " + out + ": " + e.getMessage(), e);
        }
        InterleavedSchedule schedule = new InterleavedSchedule(settings.seed());
        List<RunReport> b = new ArrayList<>();
        List<RunReport> h = new ArrayList<>();
        List<Integer> looks = new ArrayList<>();
        long start = System.nanoTime();
        int planned = settings.maxRuns();
        Comparison last = null;
        boolean stoppedByBudget = false;
        for (int block = 0; block < settings.maxRuns(); block++) {
            long t0 = System.nanoTime();
            int n = block + 1;
            RunReport rb;
            RunReport rh;
            if (schedule.baseFirst(block)) {
                rb = base.run(n, file(out, "base", n), logs);
                rh = head.run(n, file(out, "head", n), logs);
            } else {
                rh = head.run(n, file(out, "head", n), logs);
                rb = base.run(n, file(out, "base", n), logs);
            }
            b.add(rb);
            h.add(rh);
            long now = System.nanoTime();
            double blockSeconds = (now - t0) / 1e9;
            double meanBlock = (now - start) / 1e9 / n;
            if (block == 0) {
                double left = (deadline - t0) / 1e9;
                planned = Math.max(settings.minRuns(), Math.min(settings.maxRuns(), (int) Math.floor(left / blockSeconds)));
                progress.printf(Locale.ROOT, "ab: a block takes %.1f s; %d blocks fit the budget (min %d, max %d)%n",
                        blockSeconds, planned, settings.minRuns(), settings.maxRuns());
            }
            progress.printf(Locale.ROOT, "ab: block %d (%s): base %,.0f req/s, head %,.0f req/s (%.1f s)%n", n,
                    schedule.baseFirst(block) ? "base first" : "head first", rb.requestsPerSecond(), rh.requestsPerSecond(),
                    blockSeconds);
            if (n < settings.minRuns()) {
                continue;
            }
            boolean noMoreTime = (deadline - now) / 1e9 < meanBlock;
            boolean atEnd = n >= planned || n >= settings.maxRuns() || noMoreTime;
            boolean lookDue = (n - settings.minRuns()) % 2 == 0;
            if (!lookDue && !atEnd) {
                continue;
            }
            looks.add(n);
            SequentialDesign design = new SequentialDesign(settings.alpha(), settings.spending(), planned,
                    looks, atEnd);
            last = SequentialComparison.of(b, h, design, settings.compare(), base.side().label(), head.side().label());
            progress.println("ab: look " + looks.size() + " after " + n + " blocks" + (atEnd ? " (the last)" : "") + ": "
                    + summary(last));
            if (SequentialComparison.decided(last)) {
                break;
            }
            if (atEnd) {
                stoppedByBudget = true;
                break;
            }
        }
        Duration runs = Duration.ofNanos(System.nanoTime() - start);
        return new AbResult(base.side(), head.side(), last, b.size(), schedule.describe(b.size()), prepared, runs,
                settings.budget(), stoppedByBudget, b, h);
    }

    private static Path file(Path out, String side, int n) {
        return out.resolve(side).resolve(String.format("%02d.json", n));
    }

    private static String summary(Comparison c) {
        if (c.hasRegression()) {
            return "regression in " + String.join(", ", c.regressions().stream().map(m -> m.metric().name()).toList());
        }
        List<String> open = new ArrayList<>();
        for (MetricComparison m : c.metrics()) {
            if (m.open()) {
                open.add(String.format(Locale.ROOT, "%s [%+.1f, %+.1f]%s", m.metric().name(), m.ciLow(), m.ciHigh(), m.changeUnit())
                        .replace("Infinity", "inf"));
            }
        }
        return open.isEmpty() ? "decided, no regression" : "undecided: " + String.join(", ", open);
    }
}
