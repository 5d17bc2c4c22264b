package io.perfharness.app.ab;

import io.perfharness.app.cli.InputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A git repository as {@code ab} and {@code bisect} use it: commits, first-parent history, worktrees. */
public final class GitRepo {
    private final Path root;

    private GitRepo(Path root) {
        this.root = root;
    }

    /**
     * @param dir a directory inside a git work tree
     * @throws IllegalArgumentException when it is not (exit 2)
     */
    public static GitRepo at(Path dir) {
        Result r = exec(dir, "rev-parse", "--show-toplevel");
        if (r.code != 0) {
            throw new InputException(dir.toAbsolutePath() + ": not in a git work tree (" + r.err.strip() + ")");
        }
        return new GitRepo(Path.of(r.out.strip()));
    }

    /** @return the top directory of the work tree */
    public Path root() {
        return root;
    }

    /**
     * @param ref  a branch, tag, commit or expression such as {@code HEAD~2}
     * @param flag the option that named it, for the message
     * @return the full commit hash
     * @throws IllegalArgumentException when it names no commit (exit 2)
     */
    public String commit(String ref, String flag) {
        Result r = exec(root, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (r.code != 0 || r.out.isBlank()) {
            throw new InputException(flag + " " + ref + ": not a commit in " + root);
        }
        return r.out.strip();
    }

    /** @return whether the work tree has changes to tracked files, staged or not */
    public boolean dirty() {
        return !git("status", "--porcelain", "--untracked-files=no").isBlank();
    }

    /** @return the first line of the commit's message */
    public String subject(String commit) {
        return git("log", "-1", "--format=%s", commit).strip();
    }

    /** @return whether {@code path} (relative to the root) exists in {@code commit} */
    public boolean has(String commit, String path) {
        return exec(root, "cat-file", "-e", commit + ":" + path).code == 0;
    }

    /** @return whether {@code ancestor} is an ancestor of (or equal to) {@code commit} */
    public boolean isAncestor(String ancestor, String commit) {
        return exec(root, "merge-base", "--is-ancestor", ancestor, commit).code == 0;
    }

    /**
     * @return the commits on the first-parent line from {@code good} (excluded) to {@code bad} (included),
     *         oldest first
     */
    public List<String> firstParentPath(String good, String bad) {
        String out = git("rev-list", "--first-parent", "--reverse", bad, "^" + good);
        List<String> commits = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                commits.add(line.strip());
            }
        }
        return commits;
    }

    /**
     * Runs git in the work tree.
     *
     * @return its standard output
     * @throws IllegalStateException when it exits with a non-zero code, with its error output
     */
    public String git(String... args) {
        Result r = exec(root, args);
        if (r.code != 0) {
            throw new io.perfharness.harness.process.HarnessException("git " + String.join(" ", args) + " exited with " + r.code + ": " + r.err.strip());
        }
        return r.out;
    }

    /** @return git's exit code; its output is dropped */
    int gitQuietly(String... args) {
        return exec(root, args).code;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result exec(Path dir, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> copy(p.getErrorStream(), err), "git-stderr");
            errReader.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            copy(p.getInputStream(), out);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new io.perfharness.harness.process.HarnessException("git " + String.join(" ", args) + " did not finish within 2 minutes");
            }
            errReader.join(1000);
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.perfharness.harness.process.HarnessException("interrupted while running git " + String.join(" ", args), e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process went away; what was read is kept
        }
    }
}
