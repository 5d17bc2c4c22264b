package io.perfharness.harness.probe;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to tell that a started process is ready to serve. Implementations are immutable and hold no
 * state of any one process: {@link #begin} makes the per-process {@link Attempt} that is polled.
 * Get one from {@link Probes}.
 */
public interface ReadinessProbe {

    /**
     * Begins waiting for one process. Called right after launch, before any output is read, so an
     * attempt that listens to output sees every line.
     */
    Attempt begin(ProbeTarget target);

    /** @return what is awaited, for messages: {@code tcp 127.0.0.1:8001} */
    String description();

    /**
     * @return whether the probe can still succeed after the launched process exited with 0 — true
     *         for probes that a daemon's forked child can satisfy (a port, a pid file)
     */
    default boolean survivesExit() {
        return false;
    }

    /** @return the endpoints the process will listen on: refused when taken before start, checked free after stop */
    default List<InetSocketAddress> ports() {
        return List.of();
    }

    /**
     * @return the pid files the process will write: one holding a live pid before start means it is
     *         already running; the pid in it is stopped with the tree
     */
    default List<Path> pidFiles() {
        return List.of();
    }

    /** The polled check of one process; not thread-safe, used by one waiting thread. */
    interface Attempt extends AutoCloseable {
        /**
         * One check.
         *
         * @param timeLeft time left before the start-up timeout; a check must not block longer
         * @return true when the process is ready
         */
        boolean ready(Duration timeLeft);

        /** @return what the last unsuccessful check saw ({@code connection refused}, {@code status 503}), or null */
        default String lastSeen() {
            return null;
        }

        /**
         * @return whether this attempt can still succeed now that the launched process has exited with 0,
         *         even though its probe as a whole could not — an {@code allOf} whose parts that cannot
         *         (a banner) have already succeeded. The harness asks {@link ReadinessProbe#survivesExit()} first.
         */
        default boolean survivesExit() {
            return false;
        }

        @Override
        default void close() {
        }
    }
}
