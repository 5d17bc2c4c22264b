package io.perfharness.reports.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The few git questions reports ask, answered by the {@code git} command in a work tree. */
public final class Git {
    private final Path repo;

    /** @param repo a folder inside the work tree */
    public Git(Path repo) {
        this.repo = repo;
    }

    /** @return the full hash of {@code rev}, or empty when it does not name a commit here */
    Optional<String> resolve(String rev) {
        return run("rev-parse", "--verify", "--quiet", rev + "^{commit}");
    }

    /** @return the best common ancestor of {@code a} and {@code b} */
    Optional<String> mergeBase(String a, String b) {
        return run("merge-base", a, b);
    }

    /** @return {@code from} and its first-parent ancestors, newest first, at most {@code max} */
    List<String> firstParents(String from, int max) {
        return run("rev-list", "--first-parent", "--max-count=" + max, from)
                .map(s -> s.isEmpty() ? List.<String>of() : List.of(s.split("\n"))).orElse(List.of());
    }

    /** @return the committer time of each commit known here, in epoch seconds, in the order given (empty when unknown) */
    List<Optional<Long>> commitTimes(List<String> commits) {
        List<Optional<Long>> out = new ArrayList<>();
        for (String c : commits) {
            out.add(run("show", "-s", "--format=%ct", c + "^{commit}").flatMap(s -> {
                try {
                    return Optional.of(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }));
        }
        return out;
    }

    /** @return the subject line of {@code commit}, or empty */
    Optional<String> subject(String commit) {
        return run("show", "-s", "--format=%s", commit + "^{commit}");
    }

    /**
     * Runs {@code git -C REPO ARGS...} (30 s at most).
     *
     * @return its trimmed standard output when it exits 0; empty when it fails or git is not installed
     */
    public Optional<String> run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
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
