package io.perfharness.harness.probe;

class BannerProbeContractTest extends ReadinessProbeContract {
    @Override
    ReadinessProbe probe() {
        return Probes.banner("ready to serve on \\d+");
    }

    @Override
    String serve() {
        return "echo 'booting'; echo 'ready to serve on 8080'; exec sleep 300";
    }
}
