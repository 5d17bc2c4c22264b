package io.perfharness.harness.probe;

class PidFileProbeContractTest extends ReadinessProbeContract {
    @Override
    ReadinessProbe probe() {
        return Probes.pidFile(dir.resolve("app.pid"));
    }

    @Override
    String serve() {
        return "echo $$ > '" + dir.resolve("app.pid") + "'; exec sleep 300";
    }
}
