package io.perfharness.app.ab;

import java.nio.file.Path;

/**
 * One side of an A/B comparison: a commit checked out in a directory.
 *
 * @param name   {@code base} or {@code head}
 * @param ref    what the user named ({@code main}, {@code HEAD~3}), or {@code working tree}
 * @param commit the full commit hash (for the working tree: its HEAD)
 * @param dirty  whether the directory has uncommitted changes that are measured too
 * @param dir    where it is checked out: a temporary worktree, or the working tree itself
 */
public record Side(String name, String ref, String commit, boolean dirty, Path dir) {

    /** @return e.g. {@code main (3f2a1c9d0b12)} or {@code working tree (3f2a1c9d0b12 + uncommitted changes)} */
    public String label() {
        String shortHash = commit.length() > 12 ? commit.substring(0, 12) : commit;
        return ref + " (" + shortHash + (dirty ? " + uncommitted changes" : "") + ")";
    }
}
