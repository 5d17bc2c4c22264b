package io.perfharness.harness.process;

import java.util.OptionalLong;

/** A port a process is about to listen on already accepts connections: something else holds it. */
public class PortInUseException extends HarnessException {
    private final int port;
    private final OptionalLong holder;

    public PortInUseException(String name, String host, int port, OptionalLong holder) {
        super("cannot start " + name + ": port " + port + " on " + host + " is already in use"
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

    private static String describe(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine())
                .map(c -> " (" + (c.length() > 80 ? c.substring(0, 80) + "…" : c) + ")").orElse("");
    }
}
