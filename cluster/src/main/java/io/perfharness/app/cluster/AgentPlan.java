package io.perfharness.app.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What every agent of a cluster run is to do: a {@code perfharness load} of the whole load's flags, each with its
 * own {@code --segment I/N}, all with the same {@code --start-at}, each printing its report framed.
 *
 * @param name     a name for the run, unique enough for a Kubernetes Job ({@code perfharness-http-20261123-141039})
 * @param agents   how many agents, ≥ 1
 * @param loadArgs the {@code load} flags and URLs of the whole load ({@link LoadFlags#of}), and {@code --repeat}
 * @param startAt  when every agent starts its warm-up
 * @param deadline how long the engine waits for every agent to end, from the start of {@link AgentEngine#run}
 */
public record AgentPlan(String name, int agents, List<String> loadArgs, Instant startAt, Duration deadline) {
    public AgentPlan {
        if (agents < 1) {
            throw new io.perfharness.app.cli.InputException("--agents must be at least 1, got " + agents);
        }
        loadArgs = List.copyOf(loadArgs);
    }

    /**
     * @param index       the agent's index as it appears on its command line: a number, or a reference the engine
     *                    expands ({@code $(PERFHARNESS_AGENT_INDEX)} in a Kubernetes container)
     * @param resultsDir  where the agent keeps its own report files
     * @return the agent's arguments after the program: {@code load ... --segment I/N --start-at T --print-report}
     */
    public List<String> agentArgs(String index, String resultsDir) {
        List<String> a = new ArrayList<>();
        a.add("load");
        a.addAll(loadArgs);
        a.addAll(List.of("--segment", index + "/" + agents, "--start-at", startAt.toString(), "--print-report",
                "--quiet", "--results", resultsDir));
        return a;
    }
}
