package io.perfharness.loadgen;

/**
 * Receives a {@link Progress} sample once per second of the measured window, then the result.
 * Called on the thread that called {@link LoadGenerator#run}; a slow listener delays later samples
 * but not the load.
 */
public interface ProgressListener {

    /** Ignores everything. */
    ProgressListener NONE = p -> { };

    /** @param p the sample for the second that just ended */
    void onProgress(Progress p);

    /** @param r the final result, after the last {@link #onProgress} */
    default void onFinish(LoadResult r) {
    }
}
