package io.perfharness.reports;

import java.nio.file.Path;
import java.util.Optional;

import io.perfharness.reports.history.Git;

/**
 * The git state a run measured.
 *
 * @param commit full commit hash of {@code HEAD}
 * @param branch branch name, or {@code HEAD} when detached
 * @param dirty  whether tracked files differ from {@code HEAD}
 */
public record GitInfo(String commit, String branch, boolean dirty) {

    /**
     * Reads the git state of the work tree that holds {@code dir}.
     *
     * @return empty when {@code dir} is not inside a git work tree or git is not installed
     */
    public static Optional<GitInfo> detect(Path dir) {
        Git git = new Git(dir);
        Optional<String> commit = git.run("rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        String branch = git.run("rev-parse", "--abbrev-ref", "HEAD").orElse("HEAD");
        boolean dirty = git.run("status", "--porcelain", "--untracked-files=no").map(s -> !s.isEmpty()).orElse(false);
        return Optional.of(new GitInfo(commit.get(), branch, dirty));
    }

    /** @return the first 12 characters of the commit hash */
    public String shortCommit() {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
