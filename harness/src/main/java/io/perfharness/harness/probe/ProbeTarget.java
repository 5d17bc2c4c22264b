package io.perfharness.harness.probe;

import java.util.function.Consumer;

/** What a probe may look at of the process it waits for. */
public interface ProbeTarget {
    /** Calls {@code listener} with every complete line of stdout and stderr from now on. */
    void addOutputListener(Consumer<String> listener);

    /** Stops calling {@code listener}. */
    void removeOutputListener(Consumer<String> listener);
}
