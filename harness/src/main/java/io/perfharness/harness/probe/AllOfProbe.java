package io.perfharness.harness.probe;

import java.net.InetSocketAddress;
import java.nio.file.Path;
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
        List<ReadinessProbe> pendingProbes = new ArrayList<>();
        List<Attempt> pending = new ArrayList<>();
        try {
            for (ReadinessProbe p : probes) {
                pending.add(p.begin(target));
                pendingProbes.add(p);
            }
        } catch (RuntimeException e) {
            pending.forEach(Attempt::close);
            throw e;
        }
        return new Attempt() {
            @Override
            public boolean ready(Duration timeLeft) {
                for (int i = 0; i < pending.size(); ) {
                    if (pending.get(i).ready(timeLeft)) {
                        pending.remove(i).close();
                        pendingProbes.remove(i);
                    } else {
                        i++;
                    }
                }
                return pending.isEmpty();
            }

            @Override
            public String lastSeen() {
                if (pending.isEmpty()) {
                    return null;
                }
                String seen = pending.get(0).lastSeen();
                return pendingProbes.get(0).description() + (seen == null ? " not yet" : ": " + seen);
            }

            @Override
            public boolean survivesExit() {
                return pendingProbes.stream().allMatch(ReadinessProbe::survivesExit);
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

    @Override
    public List<Path> pidFiles() {
        return probes.stream().flatMap(p -> p.pidFiles().stream()).distinct().toList();
    }
}
