package io.perfharness.app.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.process.Console;
import io.perfharness.harness.process.ManagedProcess;

/**
 * The agents as N processes on this machine, each a JVM of this same program ({@code java -cp <this classpath>
 * io.perfharness.app.cli.Main load ...}), started and stopped through the harness: for tests, and to use several
 * cores with separate JVMs. Each agent's output goes to {@code LOGDIR/agent-I.log}, where its report is found.
 */
public final class LocalEngine implements AgentEngine {
    /** How often the agents are checked for an exit. */
    private static final Duration POLL = Duration.ofMillis(100);

    private final Path logDir;
    private final List<String> program;

    /**
     * @param logDir  where each agent's log and own files go
     * @param program the command that runs perfharness, before its arguments
     */
    LocalEngine(Path logDir, List<String> program) {
        this.logDir = logDir;
        this.program = List.copyOf(program);
    }

    /** @return agents that run the JVM and classpath of this process, their logs in {@code logDir} */
    public static LocalEngine thisJvm(Path logDir) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new LocalEngine(logDir, List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.perfharness.app.cli.Main"));
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String describe(AgentPlan plan) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < plan.agents(); i++) {
            sb.append(String.join(" ", command(plan, i))).append('\n');
        }
        return sb.toString();
    }

    private List<String> command(AgentPlan plan, int i) {
        List<String> c = new ArrayList<>(program);
        c.addAll(plan.agentArgs(String.valueOf(i), logDir.resolve("agent-" + i).toString()));
        return c;
    }

    private Path log(int i) {
        return logDir.resolve("agent-" + i + ".log");
    }

    @Override
    public List<AgentOutput> run(AgentPlan plan, PrintStream out) {
        long deadline = System.nanoTime() + plan.deadline().toNanos();
        List<ManagedProcess> agents = new ArrayList<>();
        Integer[] exit = new Integer[plan.agents()];
        try {
            for (int i = 0; i < plan.agents(); i++) {
                ManagedProcess p = ManagedProcess.builder("agent-" + i)
                        .command(command(plan, i)).readiness(Probes.none())
                        .console(Console.silent()).logFile(log(i))
                        .stopGrace(Duration.ofSeconds(2))
                        .build();
                agents.add(p);
                p.start();
            }
            out.printf(Locale.ROOT, "   %d agents started (pids %s), logs in %s%n", agents.size(),
                    String.join(" ", agents.stream().map(a -> String.valueOf(a.pid())).toList()), logDir);
            int running = agents.size();
            while (running > 0) {
                for (int i = 0; i < agents.size(); i++) {
                    if (exit[i] != null) {
                        continue;
                    }
                    OptionalInt code = agents.get(i).awaitExit(running == 1 ? POLL.multipliedBy(5) : POLL);
                    if (code.isEmpty()) {
                        continue;
                    }
                    exit[i] = code.getAsInt();
                    running--;
                    if (exit[i] != 0) {
                        throw new AgentFailedException("agent " + i + "/" + plan.agents() + " (pid " + agents.get(i).pid()
                                + ") exited with code " + exit[i] + "; last lines of its output:"
                                + output(i, agents.get(i)).tail(20));
                    }
                }
                if (running > 0 && System.nanoTime() - deadline > 0) {
                    throw new AgentFailedException(running + " of " + plan.agents() + " agents still running after the"
                            + " deadline of " + plan.deadline().toSeconds() + " s; stopped them (logs in " + logDir + ")");
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new AgentFailedException("interrupted while waiting for the agents; stopped them");
                }
            }
            List<AgentOutput> outputs = new ArrayList<>();
            for (int i = 0; i < agents.size(); i++) {
                outputs.add(output(i, agents.get(i)));
            }
            return outputs;
        } finally {
            for (int i = 0; i < agents.size(); i++) {
                // an agent that exited is cleaned up without raising its code again; one still running is stopped
                ManagedProcess p = agents.get(i);
                try {
                    if (exit[i] != null) {
                        p.cleanUp();
                    } else {
                        p.stop();
                    }
                } catch (RuntimeException e) {
                    out.println("   agent-" + i + ": " + e.getMessage());
                }
            }
        }
    }

    private AgentOutput output(int i, ManagedProcess p) {
        try {
            return new AgentOutput(i, "pid " + p.pid(), Files.readAllLines(log(i), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read agent " + i + "'s log " + log(i) + ": " + e.getMessage(), e);
        }
    }
}
