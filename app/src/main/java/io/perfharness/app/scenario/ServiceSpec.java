package io.perfharness.app.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.perfharness.harness.orchestration.Orchestrator;
import io.perfharness.harness.probe.ReadinessProbe;
import io.perfharness.harness.process.Signal;

/**
 * A long-running process a step needs, such as the server under load.
 *
 * @param name           name from the scenario, used as output prefix
 * @param command        argument vector (no shell)
 * @param cwd            working directory, absolute
 * @param env            variables added to the harness's environment
 * @param ready          how to tell it is ready
 * @param startupTimeout how long to wait for readiness
 * @param stopGrace      how long to wait after the stop signal before KILL
 * @param stopSignal     the signal that asks it to stop (TERM by default; nginx's graceful stop is QUIT)
 * @param dependsOn      services that must be launched ({@code started}) or ready ({@code ready}, the default)
 *                       before this one starts, in file order; they are started with it (a step that needs
 *                       this service needs them too), in parallel where independent
 * @param keepUp         when the next step run also needs it, it stays up (with what it depends on)
 *                       instead of being stopped and started again
 */
public record ServiceSpec(String name, List<String> command, Path cwd, Map<String, String> env,
                          ReadinessProbe ready, Duration startupTimeout, Duration stopGrace,
                          Signal stopSignal, Map<String, Orchestrator.Condition> dependsOn,
                          boolean keepUp) {
    public ServiceSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        dependsOn = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dependsOn));
    }
}
