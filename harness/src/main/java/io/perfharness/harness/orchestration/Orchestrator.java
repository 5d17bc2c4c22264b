package io.perfharness.harness.orchestration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.perfharness.harness.process.ManagedProcess;

/**
 * Starts a set of {@link ManagedProcess}es in dependency order and stops them in reverse.
 *
 * <p>A process starts as soon as every process it depends on is ready; processes that do not depend
 * on each other start in parallel. If one fails to start, the starts still in progress are abandoned
 * (their trees stopped), those already started are stopped in reverse order, and then the failure is
 * thrown. {@link #stop()} stops every started process, the last to become ready first, and goes on
 * past a failing stop.
 *
 * <pre>{@code
 * try (Orchestrator all = Orchestrator.builder()
 *         .add(db)
 *         .add(api, "db")
 *         .add(web, "api")
 *         .build()
 *         .start()) {
 *     // load web
 * }
 * }</pre>
 *
 * Dependencies name processes by {@link ManagedProcess#name()}. Not thread-safe: one thread starts and stops it.
 */
public final class Orchestrator implements AutoCloseable {
    private final Map<String, Node> nodes;
    private final List<String> order;
    /** Started processes, in the order they became ready. */
    private final List<ManagedProcess> started = Collections.synchronizedList(new ArrayList<>());

    /** When a dependency counts as there for the processes that depend on it. */
    public enum Condition {
        /** once it is launched (its process exists), without waiting for its readiness probe */
        STARTED,
        /** once its readiness probe succeeded (the default) */
        READY
    }

    private record Node(ManagedProcess process, Map<String, Condition> dependsOn) {
        List<String> names() {
            return List.copyOf(dependsOn.keySet());
        }
    }

    private Orchestrator(Map<String, Node> nodes, List<String> order) {
        this.nodes = nodes;
        this.order = order;
    }

    /** @return a builder to add processes and their dependencies to */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every process once the processes it depends on are launched or ready (as each dependency's
     * {@link Condition} says), and returns when all are ready.
     *
     * @return this
     * @throws RuntimeException the first start failure ({@link io.perfharness.harness.process.HarnessException}
     *                          and its subclasses, as {@link ManagedProcess#start()} throws them), after the
     *                          processes already started have been stopped; their stop failures are suppressed in it
     * @throws IllegalStateException when it has already been started and not stopped
     */
    public Orchestrator start() {
        if (!started.isEmpty()) {
            throw new IllegalStateException("already started: " + names(started));
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "orchestrator-start-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Map<String, CompletableFuture<Void>> ready = new LinkedHashMap<>();
        Map<String, CompletableFuture<Void>> launched = new LinkedHashMap<>();
        CompletableFuture<Throwable> firstFailure = new CompletableFuture<>();
        for (String name : order) {
            Node node = nodes.get(name);
            CompletableFuture<?>[] deps = node.dependsOn().entrySet().stream()
                    .map(d -> d.getValue() == Condition.STARTED ? launched.get(d.getKey()) : ready.get(d.getKey()))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture<Void> launch = new CompletableFuture<>();
            launched.put(name, launch);
            CompletableFuture<Void> f = CompletableFuture.allOf(deps).thenRunAsync(() -> {
                try {
                    node.process().launch();
                    launch.complete(null);
                    node.process().awaitReady();
                } catch (RuntimeException | Error e) {
                    launch.completeExceptionally(e);
                    // recorded before this future completes: a callback on it could run after start() looked
                    if (firstFailure.complete(e)) {
                        pool.shutdownNow(); // interrupts starts in progress: each stops its own tree
                    }
                    throw e;
                }
                started.add(node.process());
            }, pool);
            ready.put(name, f);
        }
        try {
            CompletableFuture.allOf(ready.values().toArray(CompletableFuture[]::new))
                    .handle((v, e) -> null).join();
        } finally {
            pool.shutdownNow();
        }
        if (firstFailure.isDone()) {
            RuntimeException failure = asRuntime(firstFailure.join());
            try {
                stop();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }
        return this;
    }

    /**
     * Stops every started process, the last to become ready first. Every one is stopped even when an
     * earlier stop throws. A no-op when nothing is running.
     *
     * @throws RuntimeException the first stop failure, the others suppressed in it
     */
    public Orchestrator stop() {
        List<ManagedProcess> toStop;
        synchronized (started) {
            toStop = new ArrayList<>(started);
            started.clear();
        }
        Collections.reverse(toStop);
        RuntimeException failure = null;
        for (ManagedProcess p : toStop) {
            try {
                p.stop();
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
        return this;
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** @return the processes in the order they were added */
    public List<ManagedProcess> processes() {
        return nodes.values().stream().map(Node::process).toList();
    }

    /** @return the started processes, in the order they became ready */
    public List<ManagedProcess> started() {
        synchronized (started) {
            return List.copyOf(started);
        }
    }

    /**
     * @return the process named {@code name}
     * @throws IllegalArgumentException when there is none
     */
    public ManagedProcess get(String name) {
        Node n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no process named " + name + "; there are " + nodes.keySet());
        }
        return n.process();
    }

    private static RuntimeException asRuntime(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(t);
    }

    private static List<String> names(Collection<ManagedProcess> ps) {
        return ps.stream().map(ManagedProcess::name).toList();
    }

    /** Collects processes and what each depends on; {@link #build()} checks the graph. */
    public static final class Builder {
        private final Map<String, Node> nodes = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds {@code process}, to be started once every process named in {@code dependsOn} is ready.
         *
         * @throws IllegalArgumentException when a process of that name was added already
         */
        public Builder add(ManagedProcess process, String... dependsOn) {
            return add(process, List.of(dependsOn));
        }

        /** @see #add(ManagedProcess, String...) */
        public Builder add(ManagedProcess process, Collection<String> dependsOn) {
            Map<String, Condition> ready = new LinkedHashMap<>();
            dependsOn.forEach(d -> ready.put(d, Condition.READY));
            return add(process, ready);
        }

        /**
         * Adds {@code process}, to be started once each process named in {@code dependsOn} meets its condition
         * (launched, or ready).
         *
         * @throws IllegalArgumentException when a process of that name was added already
         */
        public Builder add(ManagedProcess process, Map<String, Condition> dependsOn) {
            if (nodes.containsKey(process.name())) {
                throw new IllegalArgumentException("two processes are named " + process.name());
            }
            nodes.put(process.name(), new Node(process, Collections.unmodifiableMap(new LinkedHashMap<>(dependsOn))));
            return this;
        }

        /**
         * @throws IllegalArgumentException when a dependency names no added process, or dependencies form a cycle
         */
        public Orchestrator build() {
            for (Node n : nodes.values()) {
                for (String d : n.names()) {
                    if (!nodes.containsKey(d)) {
                        throw new IllegalArgumentException(n.process().name() + " depends on " + d
                                + ", which was not added; there are " + nodes.keySet());
                    }
                }
            }
            return new Orchestrator(Collections.unmodifiableMap(new LinkedHashMap<>(nodes)), topologicalOrder());
        }

        /** @return every name after the names it depends on; a depth-first walk that reports the cycle it meets */
        private List<String> topologicalOrder() {
            List<String> order = new ArrayList<>();
            Map<String, Boolean> done = new LinkedHashMap<>(); // false: on the current path
            for (String name : nodes.keySet()) {
                visit(name, done, new ArrayDeque<>(), order);
            }
            return order;
        }

        private void visit(String name, Map<String, Boolean> done, Deque<String> path, List<String> order) {
            Boolean state = done.get(name);
            if (Boolean.TRUE.equals(state)) {
                return;
            }
            path.addLast(name);
            if (Boolean.FALSE.equals(state)) {
                List<String> p = new ArrayList<>(path);
                throw new IllegalArgumentException("dependency cycle: "
                        + String.join(" -> ", p.subList(p.indexOf(name), p.size())));
            }
            done.put(name, false);
            for (String d : nodes.get(name).names()) {
                visit(d, done, path, order);
            }
            done.put(name, true);
            path.removeLast();
            order.add(name);
        }
    }
}
