package io.perfharness.harness.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** Who listens on a TCP port: from {@code /proc/net/tcp*} and {@code /proc/PID/fd}, where readable. Internal to the harness. */
final class PortOwners {
    private static final int LISTEN = 0x0A;

    private PortOwners() {
    }

    /** How often, in ms, a taken port is checked again when the spec said to wait for it. */
    private static final long PORT_WAIT_POLL_MILLIS = 50;

    /**
     * Refuses to start {@code spec} when one of its ports is taken: at once, or once its {@code portWait} has
     * passed. Free means a server could bind it (SO_REUSEADDR), so connections in TIME_WAIT do not count.
     *
     * @throws PortInUseException naming the port and, when visible, its holder
     */
    static void refuseTaken(ProcessSpec spec) {
        for (InetSocketAddress a : spec.allPorts()) {
            String host = a.getHostString();
            int port = a.getPort();
            if (spec.portWait() == null) {
                if (accepting(host, port)) {
                    throw new PortInUseException(spec.name(), host, port, listener(port));
                }
                continue;
            }
            long deadline = System.nanoTime() + spec.portWait().toNanos();
            while (accepting(host, port) || !bindable(host, port)) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new PortInUseException(spec.name(), host, port, listener(port), spec.portWait());
                }
                try {
                    Thread.sleep(PORT_WAIT_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HarnessException("interrupted while waiting for port " + port + " to be free for " + spec.name());
                }
            }
        }
    }

    /** @return whether a TCP connection to {@code host:port} is accepted within 250 ms */
    static boolean accepting(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 250);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @return whether a server could bind {@code host:port} now, with SO_REUSEADDR as servers do: false
     *         while a socket is bound or listening there, true when only TIME_WAIT connections are left
     */
    static boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return a pid with a socket listening on {@code port} (any address), when one can be seen */
    static OptionalLong listener(int port) {
        return listeners(port, true).stream().mapToLong(Long::longValue).findFirst();
    }

    /** @return every pid with a socket listening on {@code port} (any address) that can be seen */
    static Set<Long> listeners(int port) {
        return listeners(port, false);
    }

    private static Set<Long> listeners(int port, boolean firstOnly) {
        Set<Long> pids = new java.util.LinkedHashSet<>();
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !f[1].contains(":")) {
                        continue;
                    }
                    int localPort;
                    int state;
                    try {
                        localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                        state = Integer.parseInt(f[3], 16);
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (localPort == port && state == LISTEN) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException e) {
                // table not there (no IPv6) or not readable
            }
        }
        if (inodes.isEmpty()) {
            return pids;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                                pids.add(Long.parseLong(proc.getFileName().toString()));
                                if (firstOnly) {
                                    return pids;
                                }
                                break;
                            }
                        } catch (IOException | UnsupportedOperationException e) {
                            // fd closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // not ours to read, or gone
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }

    /**
     * Refuses a readiness that another process's server gave: a port the service should listen on, that
     * accepts connections, but whose listening socket belongs to no process of the service's tree (another
     * program took the port between the check before launch and the service's bind).
     *
     * @param members the service's live processes
     * @throws PortInUseException naming the port and the process that holds it
     */
    static void refuseForeignListener(ProcessSpec spec, Set<Long> members) {
        for (java.net.InetSocketAddress a : spec.readiness().ports()) {
            Set<Long> holders = listeners(a.getPort());
            if (!holders.isEmpty() && java.util.Collections.disjoint(holders, members)) {
                throw new PortInUseException(spec.name(), a.getHostString(), a.getPort(),
                        OptionalLong.of(holders.iterator().next()));
            }
        }
    }
}
