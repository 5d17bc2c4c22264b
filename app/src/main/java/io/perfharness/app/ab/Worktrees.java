package io.perfharness.app.ab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The temporary git worktrees of one {@code ab} or {@code bisect}: each a detached checkout of a commit in
 * a folder of its own under the system's temp directory. {@link #close()} removes every one it made
 * ({@code git worktree remove --force}, then {@code git worktree prune} and the folder), and is safe to call
 * twice and from another thread (a signal handler).
 */
public final class Worktrees implements AutoCloseable {
    private final GitRepo repo;
    private final Path parent;
    private final List<Path> made = new ArrayList<>();
    private boolean closed;

    /** @param repo the repository the worktrees belong to */
    public Worktrees(GitRepo repo) {
        this.repo = repo;
        try {
            this.parent = Files.createTempDirectory("perfharness-ab-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for worktrees: " + e.getMessage(), e);
        }
    }

    /**
     * @param name   the folder's name, unique among this instance's worktrees
     * @param commit the full hash to check out (detached)
     * @return the new worktree's directory
     */
    public synchronized Path add(String name, String commit) {
        if (closed) {
            throw new IllegalStateException("worktrees already removed");
        }
        Path dir = parent.resolve(name);
        made.add(dir);
        repo.git("worktree", "add", "--detach", "--quiet", dir.toString(), commit);
        return dir;
    }

    /** Removes one worktree made here (a bisect step's head once it is measured). */
    public synchronized void remove(Path dir) {
        if (made.remove(dir)) {
            removeOne(dir);
            repo.gitQuietly("worktree", "prune");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Path dir : made) {
            removeOne(dir);
        }
        made.clear();
        repo.gitQuietly("worktree", "prune");
        deleteTree(parent);
    }

    private void removeOne(Path dir) {
        repo.gitQuietly("worktree", "remove", "--force", dir.toString());
        deleteTree(dir); // what git left (untracked build output of a failed removal)
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort: git worktree prune forgets a worktree whose folder is gone
        }
    }
}
