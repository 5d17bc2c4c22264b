package io.perfharness.harness.probe;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Ready when every one of {@code probes} is; each is checked until it succeeds once. */
record AllOfProbe(List<ReadinessProbe> probes) implements ReadinessProbe {

    AllOfProbe {
        probes = List.copyOf(probes);
    }

    @Override
    public Attempt begin(ProbeTarget target) {
        List<Attempt> pending = new ArrayList<>();
        for (ReadinessProbe p : probes) {
            pending.add(p.begin(target));
        }
        return new Attempt() {
            @Override
            public boolean ready(Duration timeLeft) {
                pending.removeIf(a -> {
                    boolean ok = a.ready(timeLeft);
                    if (ok) {
                        a.close();
                    }
                    return ok;
                });
                return pending.isEmpty();
            }

            @Override
            public String lastSeen() {
                return pending.isEmpty() ? null : pending.get(0).lastSeen();
            }

            @Override
            public void close() {
                pending.forEach(Attempt::close);
            }
        };
    }

    @Override
    public String description() {
        return probes.stream().map(ReadinessProbe::description).collect(Collectors.joining(" and ", "all of (", ")"));
    }

    @Override
    public boolean survivesExit() {
        return probes.stream().allMatch(ReadinessProbe::survivesExit);
    }

    @Override
    public List<InetSocketAddress> ports() {
        return probes.stream().flatMap(p -> p.ports().stream()).distinct().toList();
    }
}
