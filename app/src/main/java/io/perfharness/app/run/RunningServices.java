package io.perfharness.app.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.perfharness.app.scenario.ServiceSpec;
import io.perfharness.harness.orchestration.Orchestrator;
import io.perfharness.harness.process.Console;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.process.StopResult;
import io.perfharness.reports.io.FileNames;

/**
 * The scenario services that are up between steps. A step's services (and what they depend on) start
 * through an {@link Orchestrator}: in dependency order, independent ones in parallel, all stopped again
 * if one fails to start. After the step every service stops in reverse start order, except those marked
 * {@code keepUp} that the next step also needs (with what they depend on). Not thread-safe.
 */
public final class RunningServices implements AutoCloseable {
    private final Map<String, ServiceSpec> specs;
    private final Console console;
    private final Path logDir;
    private final PrintStream out;
    /** Up now, in start order. */
    private final Map<String, ManagedProcess> up = new LinkedHashMap<>();

    /**
     * @param specs   the scenario's services by name
     * @param console where their output goes
     * @param logDir  where each one's log file goes ({@code NAME.log})
     * @param out     where starts and stops are said
     */
    public RunningServices(Map<String, ServiceSpec> specs, Console console, Path logDir, PrintStream out) {
        this.specs = specs;
        this.console = console;
        this.logDir = logDir;
        this.out = out;
    }

    /** @return {@code names} and every service they depend on, dependencies first */
    Set<String> closure(Collection<String> names) {
        Set<String> all = new LinkedHashSet<>();
        for (String n : names) {
            add(n, all);
        }
        return all;
    }

    private void add(String name, Set<String> all) {
        if (all.contains(name)) {
            return;
        }
        for (String d : specs.get(name).dependsOn().keySet()) {
            add(d, all);
        }
        all.add(name);
    }

    /**
     * Starts the services of {@code names} (and their dependencies) that are not up yet, and waits until
     * every one is ready.
     *
     * @throws RuntimeException the first start failure, after the services this call started are stopped
     */
    public void startFor(Collection<String> names) {
        Set<String> needed = closure(names);
        List<String> toStart = needed.stream().filter(n -> !up.containsKey(n)).toList();
        if (toStart.isEmpty()) {
            if (!needed.isEmpty()) {
                out.println("   kept up: " + String.join(", ", needed));
            }
            return;
        }
        Orchestrator.Builder b = Orchestrator.builder();
        Map<String, Long> t0 = new LinkedHashMap<>();
        for (String name : toStart) {
            ServiceSpec s = specs.get(name);
            // a dependency already up is ready: only the ones started now are waited for
            Map<String, Orchestrator.Condition> deps = new LinkedHashMap<>(s.dependsOn());
            deps.keySet().retainAll(toStart);
            b.add(process(s), deps);
            out.println("   starting " + name + ": " + String.join(" ", s.command()) + (s.dependsOn().isEmpty() ? ""
                    : " (after " + String.join(", ", s.dependsOn().entrySet().stream()
                            .map(e -> e.getKey() + (e.getValue() == Orchestrator.Condition.STARTED ? " started" : " ready"))
                            .toList()) + ")"));
            t0.put(name, System.nanoTime());
        }
        Orchestrator started = b.build().start();
        for (ManagedProcess p : started.started()) {
            up.put(p.name(), p);
            out.printf(Locale.ROOT, "   %s ready (%s) after %d ms, pid %d%n", p.name(), p.spec().readiness().description(),
                    (System.nanoTime() - t0.get(p.name())) / 1_000_000, p.pid());
        }
    }

    /** @return the processes of {@code names} and what they depend on that are up, in start order */
    List<ManagedProcess> processesFor(Collection<String> names) {
        Set<String> wanted = closure(names);
        return up.entrySet().stream().filter(e -> wanted.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    /**
     * Stops the services that are up, in reverse start order, except the {@code keepUp} ones that
     * {@code next} needs and the services those depend on.
     *
     * @param next the services of the step that runs next; empty when none does
     * @throws RuntimeException the first stop failure, after every other stop was tried
     */
    void stopExceptFor(Collection<String> next) {
        Set<String> keep = new LinkedHashSet<>();
        for (String n : closure(next)) {
            if (specs.get(n).keepUp() && up.containsKey(n)) {
                keep.addAll(closure(List.of(n)));
            }
        }
        List<String> order = new ArrayList<>(up.keySet());
        java.util.Collections.reverse(order);
        RuntimeException failure = null;
        for (String name : order) {
            if (keep.contains(name)) {
                continue;
            }
            ManagedProcess p = up.remove(name);
            try {
                StopResult r = p.stop();
                out.printf(Locale.ROOT, "   stopped %s and its process tree in %d ms%s%n", name, r.took().toMillis(),
                        r.escalated() ? " (it did not stop on " + r.signal() + " within its grace: KILLed)" : "");
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops every service still up. */
    @Override
    public void close() {
        stopExceptFor(List.of());
    }

    private ManagedProcess process(ServiceSpec s) {
        return ManagedProcess.builder(s.name())
                .command(s.command()).cwd(s.cwd()).env(s.env())
                .readiness(s.ready()).startupTimeout(s.startupTimeout()).stopGrace(s.stopGrace())
                .stopSignal(s.stopSignal())
                .console(console).logFile(logDir.resolve(FileNames.safe(s.name()) + ".log"))
                .build();
    }
}
