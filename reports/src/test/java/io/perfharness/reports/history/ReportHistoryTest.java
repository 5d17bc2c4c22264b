package io.perfharness.reports.history;

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
import io.perfharness.reports.Reports;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.html.HtmlReport;

class ReportHistoryTest {

    @TempDir
    Path repo;

    @TempDir
    Path historyDir;

    String c1;
    String c2;
    String c3;
    String f1;

    @BeforeEach
    void repository() throws Exception {
        git("init", "-q", "-b", "main");
        c1 = commit("one");
        c2 = commit("two");
        c3 = commit("three");
        git("checkout", "-q", "-b", "feature", c2);
        f1 = commit("feature work");
    }

    private int commits;

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
        // one commit a minute, so commit order and commit time agree
        String date = "2026-11-01T10:" + String.format("%02d", commits) + ":00Z";
        pb.environment().put("GIT_COMMITTER_DATE", date);
        pb.environment().put("GIT_AUTHOR_DATE", date);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    static RunReport at(String commit, boolean dirty, String time, String step, double rps) {
        RunReport r = Reports.report(commit, 5, rps, 500, 0.01, rps > 0 ? (long) rps : 1);
        RunMeta m = new RunMeta(new GitInfo(commit, "main", dirty), time, "h", 2, "jvm", "os");
        return RunReport.ofRepetitions(m, r.scenario(), step, r.load(), r.repetitions());
    }

    @Test
    void storesUnderTheCommitAndNeverReplaces() {
        ReportHistory h = new ReportHistory(historyDir);
        Path a = h.store(at(c1, false, "2026-11-23T14:00:00Z", "http", 1000));
        Path b = h.store(at(c1, false, "2026-11-23T14:00:00Z", "http", 1000));
        Path dirty = h.store(at(c1, true, "2026-11-23T14:00:00Z", "http", 1000));
        assertThat(a).isEqualTo(historyDir.resolve(c1).resolve("20261123T140000Z-http.json"));
        assertThat(b).isEqualTo(historyDir.resolve(c1).resolve("20261123T140000Z-http-2.json"));
        assertThat(dirty.getParent().getFileName().toString()).isEqualTo(c1 + "-dirty");
    }

    @Test
    void baselineIsTheMergeBaseWithMain() {
        ReportHistory h = new ReportHistory(historyDir);
        h.store(at(c1, false, "2026-11-23T14:00:00Z", "http", 1000));
        h.store(at(c2, false, "2026-11-23T14:10:00Z", "http", 1100));
        h.store(at(c2, false, "2026-11-23T14:11:00Z", "other", 1100));
        h.store(at(c3, false, "2026-11-23T14:20:00Z", "http", 1200));
        var base = h.baseline(repo, "main", f1, "http").orElseThrow();
        assertThat(base.commit()).isEqualTo(c2);
        assertThat(base.mergeBase()).isTrue();
        assertThat(base.reports()).singleElement().extracting(RunReport::step).isEqualTo("http");
    }

    @Test
    void withoutReportsForTheMergeBaseTheNewestAncestorOnMainIsTaken() {
        ReportHistory h = new ReportHistory(historyDir);
        h.store(at(c1, false, "2026-11-23T14:00:00Z", "http", 1000));
        h.store(at(c2, true, "2026-11-23T14:10:00Z", "http", 1100));
        h.store(at(c3, false, "2026-11-23T14:20:00Z", "http", 1200));
        var base = h.baseline(repo, "main", f1, "http").orElseThrow();
        assertThat(base.commit()).as("c2 has only a dirty report; c3 is not an ancestor").isEqualTo(c1);
        assertThat(base.mergeBase()).isFalse();
        assertThat(h.baseline(repo, "main", f1, "nope")).isEmpty();
    }

    @Test
    void withoutGitTheNewestCleanCommitIsTaken(@TempDir Path notARepo) {
        ReportHistory h = new ReportHistory(historyDir);
        h.store(at("aaa", false, "2026-11-23T14:00:00Z", "http", 1000));
        h.store(at("bbb", false, "2026-11-23T15:00:00Z", "http", 1000));
        h.store(at("ccc", true, "2026-11-23T16:00:00Z", "http", 1000));
        h.store(at("ddd", false, "2026-11-23T17:00:00Z", "http", 1000));
        assertThat(h.baseline(notARepo, "main", "ddd", "http").orElseThrow().commit()).isEqualTo("bbb");
    }

    @Test
    void trendIsOrderedByCommitTimeWithMediansAndDrawsInHtml() throws Exception {
        ReportHistory h = new ReportHistory(historyDir);
        // stored out of order, and with report times that disagree with commit order
        h.store(at(c3, false, "2026-11-23T14:00:00Z", "http", 1200));
        h.store(at(c1, false, "2026-11-23T14:20:00Z", "http", 1000));
        h.store(at(c2, false, "2026-11-23T14:10:00Z", "http", 1100));
        Trend t = Trend.of(h, repo, "http");
        assertThat(t.commits()).extracting(Trend.Entry::commit).containsExactly(c1, c2, c3);
        assertThat(t.commits()).extracting(Trend.Entry::subject).containsExactly("one", "two", "three");
        assertThat(t.commits().get(0).repetitions()).isEqualTo(5);
        assertThat(t.commits().get(0).throughput().median()).isPositive();
        assertThat(t.text()).contains(c1.substring(0, 12));
        String html = HtmlReport.render(t);
        assertThat(html).contains("id=\"trend-throughput\"").contains("id=\"trend-p99\"").contains(c2.substring(0, 12));
    }
}
