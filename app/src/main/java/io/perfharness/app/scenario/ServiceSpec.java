package io.perfharness.app.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.perfharness.harness.probe.ReadinessProbe;

/**
 * A long-running process a step needs, such as the server under load.
 *
 * @param name           name from the scenario, used as output prefix
 * @param command        argument vector (no shell)
 * @param cwd            working directory, absolute
 * @param env            variables added to the harness's environment
 * @param ready          how to tell it is ready
 * @param startupTimeout how long to wait for readiness
 * @param stopGrace      how long to wait after TERM before KILL
 */
public record ServiceSpec(String name, List<String> command, Path cwd, Map<String, String> env,
                          ReadinessProbe ready, Duration startupTimeout, Duration stopGrace) {
    public ServiceSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }
}
