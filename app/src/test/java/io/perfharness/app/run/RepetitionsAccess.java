package io.perfharness.app.run;

import io.perfharness.loadgen.LoadSpec;

/** Lets tests in other packages see what repetitions 2..N run. */
public final class RepetitionsAccess {
    private RepetitionsAccess() {
    }

    /** @return the load of a repetition after the first */
    public static LoadSpec withoutWarmup(LoadSpec spec) {
        return Repetitions.withoutWarmup(spec);
    }
}
