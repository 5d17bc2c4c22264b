package io.perfharness.reports.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.reports.ReportFiles;

/** History folders, report fields and a git that a hostile or broken setup hands to reports. */
class HostileHistoryTest {

    @TempDir
    Path repo;

    @TempDir
    Path historyDir;

    private static void git(Path repo, String... args) throws Exception {
        Process p = new ProcessBuilder(Stream.concat(Stream.of("git", "-C", repo.toString()), Stream.of(args)).toList())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFolderNamedLikeAGitOptionIsNeverPassedToGit() throws Exception {
        git(repo, "init", "-q");
        for (String hostile : List.of("--output=PWNED", "--output=PWNED-dirty", "-o")) {
            ReportFiles.write(ReportHistoryTest.at("x", false, "2026-11-01T10:00:00Z", "http", 100),
                    historyDir.resolve(hostile).resolve("r.json"));
        }
        Trend trend = Trend.of(new ReportHistory(historyDir), repo, "http");
        assertThat(trend.commits()).extracting(Trend.Entry::commit)
                .containsExactlyInAnyOrder("--output=PWNED", "--output=PWNED-dirty", "-o");
        assertThat(trend.commits()).extracting(Trend.Entry::subject).containsOnly("");
        assertThat(names(repo)).containsExactly(".git");
    }

    @Test
    void revisionsFromUsersAreNotReadAsOptions() throws Exception {
        git(repo, "init", "-q");
        Git git = new Git(repo);
        assertThat(git.resolve("--output=PWNED")).isEmpty();
        assertThat(git.mergeBase("--output=PWNED", "--output=PWNED2")).isEmpty();
        assertThat(git.firstParents("--output=PWNED", 3)).isEmpty();
        assertThat(new ReportHistory(historyDir).baseline(repo, "--output=PWNED3", "--output=PWNED4", "http")).isEmpty();
        assertThat(names(repo)).containsExactly(".git");
    }

    @Test
    void onlyFullHashesAreCommits() {
        assertThat(Git.isCommitHash("0123456789abcdef0123456789abcdef01234567")).isTrue();
        assertThat(Git.isCommitHash("0123456789abcdef0123456789abcdef01234567".repeat(2).substring(0, 64))).isTrue();
        assertThat(Git.isCommitHash("0123456789abcdef")).isFalse();
        assertThat(Git.isCommitHash("--output=x")).isFalse();
        assertThat(Git.isCommitHash("0123456789ABCDEF0123456789abcdef01234567")).isFalse();
        assertThat(Git.isCommitHash("nogit")).isFalse();
    }

    @Test
    void aCommitReadFromAReportCannotLeadOutOfTheHistoryFolder() throws Exception {
        ReportHistory history = new ReportHistory(historyDir.resolve("h"));
        for (String commit : List.of("../../escaped", "..", "/tmp/abs", "-rf")) {
            Path stored = history.store(ReportHistoryTest.at(commit, false, "2026-11-01T10:00:00Z", "../../step", 100));
            assertThat(stored.normalize().getParent().getParent()).as(commit).isEqualTo(historyDir.resolve("h"));
            assertThat(stored.getFileName().toString()).startsWith("20261101T100000Z-_._.._step");
        }
        assertThat(names(historyDir)).containsExactly("h");
    }

    @Test
    void aHungGitIsKilledWhenItsTimeIsUp() throws Exception {
        git(repo, "init", "-q");
        String token = "hung-git-" + UUID.randomUUID();
        Git git = new Git(repo, Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        // a shell alias: git waits for it; it and its sleep hold git's output open
        Optional<String> out = git.run("-c", "alias.hang=!sleep 29.5 && echo " + token, "hang");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(out).isEmpty();
        assertThat(ms).as("returned after %d ms", ms).isLessThan(8_000);
        assertThat(processesWith(token)).as("what the hung git started").isEmpty();
        assertThat(processesWith("29.5")).as("the sleep it started").isEmpty();
    }

    @Test
    void aGitThatAnswersInTimeIsHeard() throws Exception {
        git(repo, "init", "-q");
        assertThat(new Git(repo, Duration.ofSeconds(10)).run("-c", "alias.hi=!echo hello", "hi")).contains("hello");
    }

    /** Live processes of this user whose command line holds {@code token}, other than the test JVM. */
    private static List<Long> processesWith(String token) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> {
                    try {
                        String cmd = new String(Files.readAllBytes(Path.of("/proc/" + p.pid() + "/cmdline")),
                                StandardCharsets.UTF_8);
                        return cmd.contains(token) && !cmd.contains("surefire");
                    } catch (IOException e) {
                        return false;
                    }
                }).map(ProcessHandle::pid).toList();
    }
}
