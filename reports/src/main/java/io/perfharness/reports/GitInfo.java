package io.perfharness.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
        Optional<String> commit = git(dir, "rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        String branch = git(dir, "rev-parse", "--abbrev-ref", "HEAD").orElse("HEAD");
        boolean dirty = git(dir, "status", "--porcelain", "--untracked-files=no").map(s -> !s.isEmpty()).orElse(false);
        return Optional.of(new GitInfo(commit.get(), branch, dirty));
    }

    /** @return the first 12 characters of the commit hash */
    public String shortCommit() {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static Optional<String> git(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
