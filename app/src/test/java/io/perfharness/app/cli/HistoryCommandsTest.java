package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.reports.history.ReportHistory;

/** compare --baseline and trend against a history folder and a small git repository made for the test. */
class HistoryCommandsTest {

    @TempDir
    Path repo;

    @TempDir
    Path dir;

    String c1;
    String c2;
    String f1;
    int commits;

    @BeforeEach
    void repository() throws Exception {
        git("init", "-q", "-b", "main");
        c1 = commit("one");
        c2 = commit("two");
        git("checkout", "-q", "-b", "feature");
        f1 = commit("feature");
    }

    private String commit(String message) throws Exception {
        Files.writeString(repo.resolve("f.txt"), message);
        git("add", "f.txt");
        commits++;
        git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", message);
        return git("rev-parse", "HEAD");
    }

    private String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        String date = "2026-11-01T10:" + String.format("%02d", commits) + ":00Z";
        pb.environment().put("GIT_COMMITTER_DATE", date);
        pb.environment().put("GIT_AUTHOR_DATE", date);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void compareBaselinePicksTheMergeBaseReports() {
        Path history = dir.resolve("history");
        ReportHistory h = new ReportHistory(history);
        h.store(SampleReports.report(c1, 5, 2000, 500, 1));
        h.store(SampleReports.report(c2, 5, 1000, 500, 2));
        Path head = SampleReports.write(dir.resolve("head.json"), SampleReports.report(f1, 5, 1000, 500, 3));
        ReportCommands r = ReportCommands.run("compare", "--baseline", history.toString(), "--repo", repo.toString(), head.toString());
        assertThat(r.exitCode).as(r.err + r.out).isZero();
        assertThat(r.err).contains("baseline: 1 report(s) of " + c2.substring(0, 12) + " (the merge-base with main)");
        assertThat(r.out).contains(history.resolve(c2).toString());

        Path slower = SampleReports.write(dir.resolve("slower.json"), SampleReports.report(f1, 5, 850, 500, 4));
        assertThat(ReportCommands.run("compare", "--baseline", history.toString(), "--repo", repo.toString(),
                slower.toString()).exitCode).isEqualTo(1);
    }

    @Test
    void compareBaselineWithoutReportsExits2() {
        Path history = dir.resolve("history");
        Path head = SampleReports.write(dir.resolve("head.json"), SampleReports.report(f1, 5, 1000, 500, 3));
        ReportCommands missing = ReportCommands.run("compare", "--baseline", history.toString(), "--repo", repo.toString(), head.toString());
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).contains("no such history directory");
        new ReportHistory(history).store(SampleReports.report(f1, 5, 1000, 500, 3));
        ReportCommands none = ReportCommands.run("compare", "--baseline", history.toString(), "--repo", repo.toString(), head.toString());
        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.err).contains("no report of step http for the merge-base");
        ReportCommands two = ReportCommands.run("compare", "--baseline", history.toString(), head.toString(), head.toString());
        assertThat(two.exitCode).isEqualTo(2);
    }

    @Test
    void trendPrintsAndDrawsPerCommit() throws Exception {
        Path history = dir.resolve("history");
        ReportHistory h = new ReportHistory(history);
        h.store(SampleReports.report(c1, 3, 2000, 500, 1));
        h.store(SampleReports.report(c2, 3, 1000, 500, 2));
        h.store(SampleReports.report(f1, 3, 1500, 500, 3));
        Path page = dir.resolve("trend.html");
        ReportCommands r = ReportCommands.run("trend", history.toString(), "--repo", repo.toString(), "--html", page.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        List<String> lines = r.out.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith(c1.substring(0, 12)).endsWith("one");
        assertThat(lines.get(3)).startsWith(f1.substring(0, 12)).endsWith("feature");
        assertThat(Files.readString(page)).contains("id=\"trend-throughput\"").contains("id=\"trend-p99\"");
        assertThat(ReportCommands.run("trend", dir.resolve("nope").toString()).exitCode).isEqualTo(2);
    }
}
