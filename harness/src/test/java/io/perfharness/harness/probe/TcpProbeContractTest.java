package io.perfharness.harness.probe;

import io.perfharness.harness.process.TestServer;

class TcpProbeContractTest extends ReadinessProbeContract {
    @Override
    ReadinessProbe probe() {
        return Probes.tcp("127.0.0.1", port);
    }

    @Override
    String serve() {
        return "exec " + TestServer.shellCommand(dir, port, "--raw");
    }
}
