package io.perfharness.app.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import io.perfharness.loadgen.LoadGenerator;
import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.loadgen.ProgressListener;

/**
 * Runs one load several times against a server that stays up, so that a report holds a distribution:
 * the warm-up runs before the first repetition only, and a short pause separates repetitions.
 */
public final class Repetitions {

    /** Pause between repetitions, so that the sockets of the last one settle. */
    static final Duration PAUSE = Duration.ofMillis(200);

    private Repetitions() {
    }

    /**
     * @param spec     the load; its warm-up precedes the first repetition only
     * @param n        repetitions, ≥ 1
     * @param progress a new progress listener for each repetition
     * @param starting told the 1-based number of each repetition before it starts (when n &gt; 1)
     * @return the results, in the order run
     */
    public static List<LoadResult> run(LoadSpec spec, int n, Supplier<ProgressListener> progress, IntConsumer starting) {
        if (n < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, got " + n);
        }
        OpenFiles.check(spec.connections());
        List<LoadResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (n > 1) {
                starting.accept(i + 1);
            }
            results.add(LoadGenerator.run(i == 0 ? spec : withoutWarmup(spec), progress.get()));
            if (i + 1 < n) {
                try {
                    Thread.sleep(PAUSE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted between repetitions", e);
                }
            }
        }
        return results;
    }

    /** @return {@code s} without its warm-up: a repetition after the first, against a server already warm */
    static LoadSpec withoutWarmup(LoadSpec s) {
        return s.toBuilder().warmup(Duration.ZERO).build();
    }
}
