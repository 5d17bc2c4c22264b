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

/** Who listens on a TCP port: from {@code /proc/net/tcp*} and {@code /proc/PID/fd}, where readable. */
public final class PortOwners {
    private static final int LISTEN = 0x0A;

    private PortOwners() {
    }

    /** @return whether a TCP connection to {@code host:port} is accepted within 250 ms */
    public static boolean accepting(String host, int port) {
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
    public static boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return a pid with a socket listening on {@code port} (any address), when one can be seen */
    public static OptionalLong listener(int port) {
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
            return OptionalLong.empty();
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                                return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
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
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
