package io.perfharness.reports.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.Reports;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.compare.CompareInput;
import io.perfharness.reports.compare.CompareSettings;
import io.perfharness.reports.compare.Comparison;
import io.perfharness.reports.history.ChangePoints;
import io.perfharness.reports.history.Trend;
import io.perfharness.reports.history.TrendChangePoints;

class HtmlReportTest {

    static final String EVIL = "</script><script>document.body.setAttribute('data-pwned',1)</script>"
            + "<img src=x onerror=\"document.body.setAttribute('data-pwned',2)\">&\u2028";

    @TempDir
    Path dir;

    static RunReport evilReport(int n, double rps, long seed) {
        RunReport r = Reports.report("abc", n, rps, 500, 0.02, seed);
        return RunReport.ofRepetitions(r.meta(), EVIL, "step " + EVIL, r.load(), r.repetitions());
    }

    @Test
    void runPageIsSelfContainedWithChartData() {
        String html = HtmlReport.render(evilReport(3, 1000, 1));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("uPlot").contains("id=\"percentiles\"").contains("id=\"timeline\"")
                .doesNotContain("src=\"http").doesNotContain("href=\"http").doesNotContain("<link");
        assertThat(html).contains("\"kind\":\"percentiles\"").contains("\"label\":\"throughput\"");
    }

    @Test
    void everyStringFromAReportIsEscaped() {
        String html = HtmlReport.render(evilReport(3, 1000, 1));
        assertThat(html).doesNotContain("<script>document").doesNotContain("<img src=x")
                .contains("&lt;/script&gt;&lt;script&gt;document.body.setAttribute(&#39;data-pwned&#39;,1)&lt;/script&gt;"
                        + "&lt;img src=x onerror=&quot;document.body.setAttribute(&#39;data-pwned&#39;,2)&quot;&gt;&amp;");
        // exactly three script elements: the data, uPlot, the page's script
        assertThat(count(html, "<script")).isEqualTo(3);
        assertThat(count(html, "</script>")).isEqualTo(3);
        assertThat(HtmlReport.scriptJson(List.of(EVIL))).doesNotContain("<").doesNotContain(">").doesNotContain("&")
                .doesNotContain("\u2028");
    }

    @Test
    void comparePageOverlaysBaseAndHead() throws Exception {
        Path b = dir.resolve("b.json");
        Path h = dir.resolve("h.json");
        ReportFiles.write(evilReport(5, 1000, 1), b);
        ReportFiles.write(evilReport(5, 900, 2), h);
        CompareInput base = CompareInput.read(b);
        CompareInput head = CompareInput.read(h);
        Comparison c = Comparison.of(base, head, CompareSettings.defaults());
        String html = HtmlReport.render(c, base, head);
        assertThat(html).contains("compare: regression").contains("class=\"text regression\"")
                .contains("id=\"throughput\"").contains("id=\"p99\"").contains("id=\"samples-0\"")
                .contains("\"label\":\"base\"").contains("\"label\":\"head\"");
        assertThat(count(html, "<script")).isEqualTo(3);
    }

    /** 10 commits; from the 6th on throughput is 30% lower and p99 60% higher; the 6th's subject is {@link #EVIL}. */
    static Trend steppedTrend() {
        List<Trend.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean slow = i >= 5;
            double wobble = 1 + 0.01 * ((i * 7) % 5 - 2);
            entries.add(new Trend.Entry(Integer.toHexString(0xa0 + i).repeat(20), i == 5 ? EVIL : "commit " + i,
                    "2026-11-23T14:0" + i + ":00Z", 1, 3, new Trend.Spread((slow ? 1400 : 2000) * wobble, 1300, 2100),
                    new Trend.Spread((slow ? 8 : 5) * wobble, 4, 9)));
        }
        return new Trend("http", entries);
    }

    @Test
    void trendPageListsAndMarksTheChangePoints() {
        Trend trend = steppedTrend();
        TrendChangePoints cps = TrendChangePoints.of(trend, ChangePoints.Settings.defaults());
        assertThat(cps.shifts()).extracting(TrendChangePoints.Shift::position).containsExactly(5, 5);
        String html = HtmlReport.render(trend, cps);
        assertThat(html).contains("<table id=\"change-points\">").contains("<td>-30.0%</td>")
                .contains("<td class=\"text regression\">regression</td>")
                .contains("\"markers\":[{\"x\":4.5,\"label\":\"-30.0%\",\"kind\":\"regression\"}]")
                .contains("\"markers\":[{\"x\":4.5,\"label\":\"+60.0%\",\"kind\":\"regression\"}]");
        assertThat(html).doesNotContain("<script>document").doesNotContain("<img src=x");
        assertThat(count(html, "<script")).isEqualTo(3);
        assertThat(HtmlReport.render(trend)).doesNotContain("change-points").contains("\"markers\":[]");
        String none = HtmlReport.render(trend, TrendChangePoints.of(trend, ChangePoints.Settings.defaults().withMinChange(0.9)));
        assertThat(none).contains("None: no shift is both significant and as large as the minimum change.");
    }

    @Test
    void pagesDrawTheirChartsInHeadlessChromiumWithoutErrors() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium is not installed");
        Path run = dir.resolve("run.html");
        HtmlReport.write(evilReport(3, 1000, 1), run);
        Path b = dir.resolve("b.json");
        Path h = dir.resolve("h.json");
        ReportFiles.write(evilReport(5, 1000, 1), b);
        ReportFiles.write(evilReport(5, 900, 2), h);
        CompareInput base = CompareInput.read(b);
        CompareInput head = CompareInput.read(h);
        Path cmp = dir.resolve("compare.html");
        HtmlReport.write(Comparison.of(base, head, CompareSettings.defaults()), base, head, cmp);

        Path trend = dir.resolve("trend.html");
        HtmlReport.write(new Trend("http", List.of(
                new Trend.Entry("a".repeat(40), EVIL, "2026-11-23T14:00:00Z", 1, 5, new Trend.Spread(1000, 900, 1100),
                        new Trend.Spread(5, 4, 6)),
                new Trend.Entry("b".repeat(40) + "-dirty", "two", "2026-11-23T15:00:00Z", 2, 10,
                        new Trend.Spread(1200, 1100, 1300), new Trend.Spread(4, 3, 5)))), trend);
        Path stepped = dir.resolve("stepped.html");
        HtmlReport.write(steppedTrend(), TrendChangePoints.of(steppedTrend(), ChangePoints.Settings.defaults()), stepped);
        String markers = dumpDom(chromium, stepped);
        assertThat(count(markers, "data-markers=\"1\"")).as("a marker on each chart").isEqualTo(2);

        for (Path page : List.of(run, cmp, trend, stepped)) {
            String dom = dumpDom(chromium, page);
            Matcher bodyTag = Pattern.compile("<body[^>]*>").matcher(dom);
            assertThat(bodyTag.find()).as(page + " loaded").isTrue();
            String body = bodyTag.group();
            assertThat(body).as("no script errors").doesNotContain("data-errors");
            assertThat(body).as("the injected script never ran").doesNotContain("data-pwned");
            Matcher charts = Pattern.compile("data-charts=\"(\\d+)\"").matcher(body);
            assertThat(charts.find()).as("charts drawn: " + body).isTrue();
            int expected = count(Files.readString(page), "class=\"chart\"");
            assertThat(Integer.parseInt(charts.group(1))).isEqualTo(expected).isGreaterThanOrEqualTo(2);
            assertThat(count(dom, "<canvas")).isEqualTo(expected);
            Matcher points = Pattern.compile("data-points=\"(\\d+)\"").matcher(dom);
            int withData = 0;
            while (points.find()) {
                if (Integer.parseInt(points.group(1)) > 0) {
                    withData++;
                }
            }
            assertThat(withData).as("every chart has data").isEqualTo(expected);
        }
    }

    static Path chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    static String dumpDom(Path chromium, Path page) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path out = Files.createTempFile("dom", ".html");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1200,900", "--virtual-time-budget=5000", "--dump-dom",
                page.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            deleteTree(profile.toFile());
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return dom;
    }

    private static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
