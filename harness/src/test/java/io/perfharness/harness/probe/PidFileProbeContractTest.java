package io.perfharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PidFileProbeContractTest extends ReadinessProbeContract {
    @Override
    ReadinessProbe probe() {
        return Probes.pidFile(dir.resolve("app.pid"));
    }

    @Override
    String serve() {
        return "echo $$ > '" + dir.resolve("app.pid") + "'; exec sleep 300";
    }

    @Test
    void anEmptyPathIsRefusedAtConstruction() {
        assertThatThrownBy(() -> Probes.pidFile(Path.of("")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty path");
        assertThatThrownBy(() -> Probes.pidFile(Path.of(""), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty path");
    }

    @Test
    void aDirectoryIsRefusedAtConstructionNamingIt() {
        assertThatThrownBy(() -> Probes.pidFile(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toAbsolutePath().toString()).hasMessageContaining("is a directory");
    }
}
