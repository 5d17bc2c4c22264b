package io.perfharness.app.ab;

import io.perfharness.app.cli.InputException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * One {@code ab} (or the steps of a {@code bisect}) from checkout to verdict: the sides' worktrees, their
 * builds, the interleaved sequential runs. Closing it removes every worktree it made; so does Ctrl-C or
 * SIGTERM while it runs (after stopping the run in progress).
 *
 * <pre>{@code
 * try (AbGate gate = new AbGate(GitRepo.at(Path.of(".")), settings, System.err)) {
 *     AbResult r = gate.measure(gate.checkout("base", "main", commit), gate.workingTree(), System.nanoTime(), out);
 * }
 * }</pre>
 */
public final class AbGate implements AutoCloseable {
    private final GitRepo repo;
    private final AbSettings settings;
    private final PrintStream progress;
    private final Worktrees worktrees;
    private final Interrupts interrupts;
    private final Set<Path> built = new HashSet<>();

    /**
     * @param repo     the repository
     * @param settings how to measure and decide
     * @param progress where progress lines go (stderr)
     */
    public AbGate(GitRepo repo, AbSettings settings, PrintStream progress) {
        this.repo = repo;
        this.settings = settings;
        this.progress = progress;
        this.worktrees = new Worktrees(repo);
        this.interrupts = new Interrupts(worktrees::close);
    }

    /**
     * @param name {@code base} or {@code head} (and a suffix for bisect steps)
     * @param ref  a commit-ish, already checked by {@link GitRepo#commit}
     * @return the side checked out in a new temporary worktree
     * @throws IllegalArgumentException (exit 2) when the scenario does not exist in that commit
     */
    public Side checkout(String name, String ref, String commit) {
        if (!repo.has(commit, settings.scenario())) {
            throw new InputException(settings.scenario() + " does not exist in " + ref + " ("
                    + commit.substring(0, Math.min(12, commit.length())) + ")");
        }
        progress.println("ab: checking out " + ref + " for " + name.replaceAll("-.*", ""));
        return new Side(name.replaceAll("-.*", ""), ref, commit, false, worktrees.add(name, commit));
    }

    /** @return the working tree itself as the head, uncommitted changes included */
    public Side workingTree() {
        return new Side("head", "working tree", repo.commit("HEAD", "HEAD"), repo.dirty(), repo.root());
    }

    /** Removes a side's worktree once it is no longer needed (no-op for the working tree). */
    public void release(Side side) {
        worktrees.remove(side.dir());
        built.remove(side.dir());
    }

    /**
     * Builds both sides (once per directory), then runs interleaved blocks until the sequential test
     * decides or the budget, counted from {@code startNanos}, runs out.
     *
     * @param startNanos {@link System#nanoTime()} when this measurement began (its checkouts included)
     * @param out        where its reports and logs go
     * @throws AbRunFailedException (exit 3) when a build or run fails
     */
    public AbResult measure(Side base, Side head, long startNanos, Path out) {
        AbSettings settings = this.settings.withOut(out);
        SideRunner b = new SideRunner(base, settings);
        SideRunner h = new SideRunner(head, settings);
        Path logs = out.resolve("logs");
        try {
            java.nio.file.Files.createDirectories(logs);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot make " + logs + ": " + e.getMessage(), e);
        }
        for (SideRunner r : new SideRunner[] {b, h}) {
            if (built.add(r.side().dir())) {
                try {
                    java.util.Optional<SideRunner.Build> command = r.buildCommand();
                    progress.println("ab: " + r.side().name() + " " + r.side().label() + " in " + r.side().dir() + ", run by "
                            + r.launcher() + command.map(c -> "; build: " + String.join(" ", c.command())
                                    + " (in " + c.dir() + ")").orElse("")
                            + (r.launcher().endsWith("/perfharness") ? "; building its jar when stale" : ""));
                    r.build(command, logs);
                } catch (RuntimeException e) {
                    built.remove(r.side().dir());
                    throw e;
                }
            }
        }
        Duration prepared = Duration.ofNanos(System.nanoTime() - startNanos);
        long deadline = startNanos + settings.budget().toNanos();
        return new SequentialRuns(b, h, settings, progress).run(deadline, prepared);
    }

    @Override
    public void close() {
        try {
            worktrees.close();
        } finally {
            interrupts.close();
        }
    }
}
