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

import io.perfharness.reports.GitInfo;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;
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
        assertThat(lines).hasSize(6);
        assertThat(lines.get(1)).startsWith(c1.substring(0, 12)).endsWith("one");
        assertThat(lines.get(3)).startsWith(f1.substring(0, 12)).endsWith("feature");
        assertThat(lines.get(4)).isEmpty();
        assertThat(lines.get(5)).isEqualTo("change points: none looked for: 3 commits, at least 4 needed");
        assertThat(Files.readString(page)).contains("id=\"trend-throughput\"").contains("id=\"trend-p99\"");
        assertThat(ReportCommands.run("trend", dir.resolve("nope").toString()).exitCode).isEqualTo(2);
    }

    @Test
    void trendMarksTheCommitsWhereThroughputAndP99Shifted() throws Exception {
        // main: 10 commits; the 6th makes the app slower (throughput -30%, latency +60%) and it stays so
        List<String> main = new ArrayList<>(List.of(c1, c2));
        git("checkout", "-q", "main");
        for (int i = 3; i <= 10; i++) {
            main.add(commit("commit " + i));
        }
        Path history = dir.resolve("history");
        ReportHistory h = new ReportHistory(history);
        for (int i = 0; i < main.size(); i++) {
            boolean slow = i >= 5;
            h.store(SampleReports.report(main.get(i), 3, slow ? 1400 : 2000, slow ? 800 : 500, 100 + i));
        }
        // a dirty measurement is drawn but not searched: without it being skipped, its outlier would be a change point
        RunReport outlier = SampleReports.report(main.get(9), 3, 500, 5000, 99);
        h.store(RunReport.ofRepetitions(new RunMeta(new GitInfo(main.get(9), "main", true), outlier.meta().timestamp(), "test-host",
                2, "jvm", "os"), outlier.scenario(), outlier.step(), outlier.load(), outlier.repetitions()));
        Path page = dir.resolve("trend.html");
        ReportCommands r = ReportCommands.run("trend", history.toString(), "--repo", repo.toString(), "--html", page.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        String shifted = main.get(5).substring(0, 12);
        List<String> lines = r.out.lines().toList();
        int heading = lines.indexOf(lines.stream().filter(l -> l.startsWith("change points (")).findFirst().orElseThrow());
        assertThat(lines.get(heading)).contains("E-divisive means", "p <= 0.05", "999 permutations", "change >= 5%", "over 10 commits");
        assertThat(lines.subList(heading + 2, lines.size())).hasSize(2);
        assertThat(lines.get(heading + 2)).startsWith(shifted).contains("throughput", "regression").containsPattern(" -(29|30)\\.\\d% ")
                .endsWith("commit 6");
        assertThat(lines.get(heading + 3)).startsWith(shifted).contains("p99", "regression").endsWith("commit 6");
        String html = Files.readString(page);
        assertThat(html).contains("id=\"change-points\"").contains("<td>" + shifted + "</td><td class=\"text\">throughput</td>")
                .contains("\"markers\":[{\"x\":4.5,");

        // a shift smaller than --min-change is not one; --no-change-points leaves the section out
        ReportCommands big = ReportCommands.run("trend", history.toString(), "--repo", repo.toString(), "--min-change", "70%");
        assertThat(big.out).contains("change points: none (").contains("change >= 70%");
        ReportCommands off = ReportCommands.run("trend", history.toString(), "--repo", repo.toString(), "--no-change-points");
        assertThat(off.out).doesNotContain("change points");
        assertThat(off.out.lines()).hasSize(12);
    }

    @Test
    void trendRefusesABadSignificanceLevelOrMinimumChange() {
        Path history = dir.resolve("history");
        new ReportHistory(history).store(SampleReports.report(c1, 3, 2000, 500, 1));
        ReportCommands p = ReportCommands.run("trend", history.toString(), "--pvalue", "1.5");
        assertThat(p.exitCode).isEqualTo(2);
        assertThat(p.err).startsWith("perfharness: --pvalue must be in (0, 1), got 1.5");
        ReportCommands m = ReportCommands.run("trend", history.toString(), "--min-change", "five");
        assertThat(m.exitCode).isEqualTo(2);
        assertThat(m.err).startsWith("perfharness: --min-change must be a percentage >= 0 such as 5 or 5%, got 'five'");
    }
}
