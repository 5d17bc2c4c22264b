package io.perfharness.app.cluster;

import java.io.PrintStream;
import java.util.List;

/**
 * Where the agents of a {@code cluster run} run: N processes on this machine ({@link LocalEngine}) or an
 * Indexed Job on Kubernetes ({@link KubernetesEngine}). An engine starts every agent of a plan, waits for all
 * of them, hands back what each printed (where {@link io.perfharness.app.run.FramedReport} finds its report),
 * and leaves nothing running.
 */
public interface AgentEngine {

    /** @return the engine's name as {@code --engine} takes it */
    String name();

    /** @return what {@link #run} would start, for {@code --dry-run}: command lines, or a Job manifest (YAML) */
    String describe(AgentPlan plan);

    /**
     * Runs every agent of {@code plan} and waits until all have ended, at most until {@code plan.deadline()}.
     *
     * @param out where progress is said (agents started, finished)
     * @return each agent's output, by index (0 .. N-1)
     * @throws AgentFailedException when an agent fails (its exit code and last lines say how) or the deadline
     *                              passes; every agent is stopped (the Job deleted) first
     */
    List<AgentOutput> run(AgentPlan plan, PrintStream out);
}
