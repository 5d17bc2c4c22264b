package io.perfharness.harness.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/** Ready when a TCP connection to {@code host:port} is accepted. */
record TcpProbe(String host, int port) implements ReadinessProbe {
    /** A loopback connect is answered at once; this only bounds a filtered port. */
    private static final int MAX_CONNECT_MILLIS = 250;

    @Override
    public Attempt begin(ProbeTarget target) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        return new PolledAttempt() {
            @Override
            public boolean ready(Duration timeLeft) {
                try (Socket s = new Socket()) {
                    s.connect(address, (int) Math.max(1, Math.min(MAX_CONNECT_MILLIS, timeLeft.toMillis())));
                    return true;
                } catch (IOException e) {
                    return notYet(e.getMessage());
                }
            }
        };
    }

    @Override
    public String description() {
        return "tcp " + host + ":" + port;
    }

    @Override
    public boolean survivesExit() {
        return true;
    }

    @Override
    public List<InetSocketAddress> ports() {
        return List.of(InetSocketAddress.createUnresolved(host, port));
    }
}
