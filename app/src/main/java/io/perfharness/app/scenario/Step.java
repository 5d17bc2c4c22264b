package io.perfharness.app.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.perfharness.app.maxrate.MaxRateGoal;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.gate.Gate;

/** One named part of a scenario: a command run to completion, or a load. */
public sealed interface Step permits Step.Command, Step.Load {

    /** @return the step's name, by which {@code run} selects it */
    String name();

    /** @return names of the services started before the step and stopped after it, in start order */
    List<String> services();

    /**
     * A command that must exit 0.
     *
     * @param timeout longest time it may run before it is stopped and the step fails
     */
    record Command(String name, List<String> command, Path cwd, Map<String, String> env, Duration timeout,
                   List<String> services) implements Step {
        public Command {
            command = List.copyOf(command);
            env = Map.copyOf(env);
            services = List.copyOf(services);
        }
    }

    /**
     * A load by the load generator.
     *
     * @param gates       conditions its report must meet ({@code p99 < 50ms}, {@code vs baseline: throughput -5%});
     *                    {@code run} exits 1 when one fails
     * @param findMaxRate when set, the step searches for the highest rate of {@code load} that meets this goal
     *                    ({@code findMaxRate:} in the file, {@code --find-max-rate} on {@code run}); else null
     */
    record Load(String name, LoadSpec load, List<String> services, List<Gate> gates, MaxRateGoal findMaxRate)
            implements Step {
        public Load {
            services = List.copyOf(services);
            gates = gates == null ? List.of() : List.copyOf(gates);
        }

        /** @return this step with {@code load} instead of its load; everything else kept */
        public Load withLoad(LoadSpec load) {
            return new Load(name, load, services, gates, findMaxRate);
        }

        /** @return this step searching for the highest rate that meets {@code goal}; everything else kept */
        public Load withFindMaxRate(MaxRateGoal goal) {
            return new Load(name, load, services, gates, goal);
        }
    }
}
