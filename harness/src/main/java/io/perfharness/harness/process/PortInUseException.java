package io.perfharness.harness.process;

import java.time.Duration;
import java.util.OptionalLong;

/** A port a process is about to listen on already accepts connections: something else holds it. */
public class PortInUseException extends HarnessException {
    private final int port;
    private final OptionalLong holder;

    public PortInUseException(String name, String host, int port, OptionalLong holder) {
        this(name, host, port, holder, null);
    }

    /** @param waited how long the port was waited for to become free, or null when it was not */
    public PortInUseException(String name, String host, int port, OptionalLong holder, Duration waited) {
        super("cannot start " + name + ": port " + port + " on " + host + " is "
                + (waited == null ? "already in use" : "still in use after waiting " + waited.toMillis() + " ms for it")
                + (holder.isPresent() ? " by pid " + holder.getAsLong() + describe(holder.getAsLong()) : " (holder not visible)")
                + "; refusing to load somebody else's server");
        this.port = port;
        this.holder = holder;
    }

    /** @return the TCP port */
    public int port() {
        return port;
    }

    /** @return the pid listening on the port, when it could be found in /proc */
    public OptionalLong holder() {
        return holder;
    }

    static String describe(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine())
                .map(c -> " (" + (c.length() > 80 ? c.substring(0, 80) + "…" : c) + ")").orElse("");
    }
}
