package io.perfharness.harness.probe;

import java.util.List;

class CommandProbeContractTest extends ReadinessProbeContract {
    @Override
    ReadinessProbe probe() {
        return Probes.command(List.of("test", "-e", dir.resolve("healthy").toString()));
    }

    @Override
    String serve() {
        return "touch '" + dir.resolve("healthy") + "'; exec sleep 300";
    }
}
