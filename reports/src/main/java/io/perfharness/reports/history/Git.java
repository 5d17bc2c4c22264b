package io.perfharness.reports.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The few git questions reports ask, answered by the {@code git} command in a work tree. Revisions that
 * come from users (folder names, report fields, {@code --main-branch}) follow {@code --end-of-options}, so
 * none is read as an option (git 2.24 or later; an older git answers nothing, as if it knew no commit).
 */
public final class Git {
    /** How long one git command may take before it is killed. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private final Path repo;
    private final Duration timeout;

    /** @param repo a folder inside the work tree */
    public Git(Path repo) {
        this(repo, TIMEOUT);
    }

    Git(Path repo, Duration timeout) {
        this.repo = repo;
        this.timeout = timeout;
    }

    /** @return whether {@code name} is a full commit hash (40 hex digits, or 64 in a SHA-256 repository) */
    public static boolean isCommitHash(String name) {
        return name != null && HASH.matcher(name).matches();
    }

    /** @return the full hash of {@code rev}, or empty when it does not name a commit here */
    Optional<String> resolve(String rev) {
        return run("rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}");
    }

    /** @return the best common ancestor of {@code a} and {@code b} */
    Optional<String> mergeBase(String a, String b) {
        return run("merge-base", "--end-of-options", a, b);
    }

    /** @return {@code from} and its first-parent ancestors, newest first, at most {@code max} */
    List<String> firstParents(String from, int max) {
        return run("rev-list", "--first-parent", "--max-count=" + max, "--end-of-options", from)
                .map(s -> s.isEmpty() ? List.<String>of() : List.of(s.split("\n"))).orElse(List.of());
    }

    /**
     * @return the committer time of each commit known here, in epoch seconds, in the order given (empty when
     *         unknown or not a full hash)
     */
    List<Optional<Long>> commitTimes(List<String> commits) {
        List<Optional<Long>> out = new ArrayList<>();
        for (String c : commits) {
            out.add(!isCommitHash(c) ? Optional.empty()
                    : run("show", "-s", "--format=%ct", "--end-of-options", c + "^{commit}").flatMap(s -> {
                        try {
                            return Optional.of(Long.parseLong(s.trim()));
                        } catch (NumberFormatException e) {
                            return Optional.empty();
                        }
                    }));
        }
        return out;
    }

    /** @return the subject line of {@code commit}, or empty (also when it is not a full hash) */
    Optional<String> subject(String commit) {
        if (!isCommitHash(commit)) {
            return Optional.empty();
        }
        return run("show", "-s", "--format=%s", "--end-of-options", commit + "^{commit}");
    }

    /**
     * Runs {@code git -C REPO ARGS...}, 30 s at most: a git that hangs (a lock, a hook, a slow file system)
     * is killed with what it started, and counts as a failure. Arguments taken from users must follow
     * {@code --end-of-options}.
     *
     * @return its trimmed standard output when it exits 0; empty when it fails, times out or git is not installed
     */
    public Optional<String> run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Optional.empty();
        }
        // read concurrently: reading to the end first would wait as long as git does, and no timeout could fire
        FutureTask<String> out = new FutureTask<>(() -> {
            try (InputStream in = p.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                return null;
            }
        });
        Thread reader = new Thread(out, "git-output-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                return Optional.empty();
            }
            String text = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return p.exitValue() == 0 && text != null ? Optional.of(text) : Optional.empty();
        } catch (IOException | ExecutionException | TimeoutException e) {
            // a descendant kept the output open after git exited
            kill(p);
            return Optional.empty();
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Kills git and what it started (by pid, descendants first so none is orphaned), and waits for git. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            p.getInputStream().close();
        } catch (IOException ignored) {
            // closing unblocks the reader; nothing else to do
        }
    }
}
