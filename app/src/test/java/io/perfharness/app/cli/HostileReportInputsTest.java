package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.perfharness.reports.ReportFiles;

/** compare, merge and trend given inputs that would corrupt a verdict, block, or act on the terminal. */
class HostileReportInputsTest {

    @TempDir
    Path dir;

    private Path report(String name, long seed) {
        return SampleReports.write(dir.resolve(name), SampleReports.report("aaa", 3, 1000, 500, seed));
    }

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        return fifo;
    }

    private static void assertOneLine(ReportCommands r, int code, String... fragments) {
        assertThat(r.exitCode).as(r.err + r.out).isEqualTo(code);
        assertThat(r.err.strip().lines().count()).as(r.err).isEqualTo(1);
        for (String f : fragments) {
            assertThat(r.err).contains(f);
        }
    }

    @Test
    void mergeNeverOverwritesItsInput() throws Exception {
        Path a = report("a.json", 1);
        Path b = report("b.json", 2);
        byte[] before = Files.readAllBytes(a);
        ReportCommands r = ReportCommands.run("merge", a.toString(), b.toString(), "-o", a.toString());
        assertOneLine(r, 2, "-o " + a + " is also an input");
        assertThat(Files.readAllBytes(a)).isEqualTo(before);
    }

    @Test
    void theSameReportTwiceIsRefused() throws Exception {
        Path a = report("a.json", 1);
        Path copy = Files.copy(a, dir.resolve("copy.json"));
        Path out = dir.resolve("out/all.json");
        assertOneLine(ReportCommands.run("merge", a.toString(), a.toString(), "-o", out.toString()), 2,
                a + " is given twice");
        assertOneLine(ReportCommands.run("merge", a.toString(), copy.toString(), "-o", out.toString()), 2,
                a + " and " + copy);
        assertThat(out).doesNotExist();
        assertOneLine(ReportCommands.run("compare", a.toString(), copy.toString()), 2, a + " and " + copy);
        Path side = Files.createDirectory(dir.resolve("side"));
        Files.copy(a, side.resolve("1.json"));
        Files.copy(a, side.resolve("2.json"));
        assertOneLine(ReportCommands.run("compare", report("b.json", 2).toString(), side.toString()), 2,
                side.resolve("1.json") + " and " + side.resolve("2.json"));
    }

    @Test
    void impossibleValuesAreRefusedNamingFileAndField() throws Exception {
        Path base = report("base.json", 1);
        Path head = report("head.json", 2);
        ObjectNode tree = (ObjectNode) ReportFiles.mapper().readTree(head.toFile());
        ((ObjectNode) tree.get("repetitions").get(1)).put("requestsPerSecond", -3000.0);
        Files.writeString(head, tree.toString());
        assertOneLine(ReportCommands.run("compare", base.toString(), head.toString()), 2,
                head + ": field 'repetitions[1].requestsPerSecond': -3000.0 is negative");
        assertOneLine(ReportCommands.run("merge", base.toString(), head.toString(), "-o", dir.resolve("m.json").toString()),
                2, head + ": field 'repetitions[1].requestsPerSecond'");
    }

    @Test
    void aFifoIsRefusedInsteadOfWaitedOn() throws Exception {
        Path base = report("base.json", 1);
        Path fifo = fifo("head.json");
        Path history = Files.createDirectories(dir.resolve("history/0123456789abcdef0123456789abcdef01234567"));
        Files.copy(base, history.resolve("r.json"));
        assertThat(new ProcessBuilder("mkfifo", history.resolve("s.json").toString()).start().waitFor()).isZero();
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertOneLine(ReportCommands.run("compare", base.toString(), fifo.toString()), 2,
                    fifo + ": not a regular file");
            assertOneLine(ReportCommands.run("merge", base.toString(), fifo.toString(), "-o", dir.resolve("m.json").toString()),
                    2, fifo + ": not a regular file");
            assertOneLine(ReportCommands.run("trend", dir.resolve("history").toString()), 2,
                    history.resolve("s.json") + ": not a regular file");
        });
    }

    @Test
    void outputsAreCheckedBeforeAnyInputIsRead() throws Exception {
        Path aFile = Files.writeString(dir.resolve("file.txt"), "x");
        Path page = aFile.resolve("page.html");
        ReportCommands r = ReportCommands.run("compare", dir.resolve("missing.json").toString(), report("h.json", 1).toString(),
                "--html", page.toString());
        assertOneLine(r, 2, "perfharness: --html " + page + ": cannot create a folder there, " + aFile + " is a file");
        Path history = Files.createDirectories(dir.resolve("hist"));
        ReportCommands t = ReportCommands.run("trend", history.toString(), "--html", history.resolve("c/x.json").toString());
        assertOneLine(t, 2, "inside the input folder " + history);
    }

    @Test
    void anOutputLinkIsFollowedAndKept() throws Exception {
        Path base = report("base.json", 1);
        Path head = report("head.json", 2);
        Path target = dir.resolve("summary-target.md");
        Path link = Files.createSymbolicLink(dir.resolve("summary.md"), target.getFileName());
        ReportCommands r = ReportCommands.run("compare", base.toString(), head.toString(), "--format", "markdown",
                "-o", link.toString());
        assertThat(r.exitCode).as(r.err).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo(r.out);
    }

    @Test
    void controlCharactersFromInputsArePrintedEscaped() throws Exception {
        String evil = "Json.parse\u001b[2J\rresult: no regression\u009b31m";
        Path base = jmh("base.json", evil, 100, 101, 99, 100.5, 100.2);
        Path head = jmh("head.json", evil, 110, 111, 109, 110.5, 110.2);
        ReportCommands r = ReportCommands.run("compare", base.toString(), head.toString());
        assertThat(r.exitCode).as(r.err + r.out).isEqualTo(1);
        assertThat(r.out).doesNotContain("\u001b", "\r", "\u009b").contains("Json.parse\\e[2J\\rresult: no regression\\u009b31m");
        ReportCommands md = ReportCommands.run("compare", base.toString(), head.toString(), "--format", "markdown");
        assertThat(md.out).doesNotContain("\u001b", "\r", "\u009b");
        Path missing = dir.resolve("x\u001b[31m\n.json");
        ReportCommands e = ReportCommands.run("compare", base.toString(), missing.toString());
        assertThat(e.exitCode).isEqualTo(2);
        assertThat(e.err).doesNotContain("\u001b").contains("x\\e[31m\\n.json");
        assertThat(e.err.strip().lines().count()).isEqualTo(1);
    }

    private Path jmh(String name, String benchmark, double... forkScores) throws Exception {
        StringBuilder raw = new StringBuilder();
        for (double f : forkScores) {
            raw.append(raw.length() == 0 ? "" : ",").append("[").append(f).append(",").append(f * 1.001).append("]");
        }
        String escaped = ReportFiles.mapper().writeValueAsString(benchmark);
        return Files.writeString(dir.resolve(name), "[{\"benchmark\": " + escaped + ", \"mode\": \"avgt\", "
                + "\"primaryMetric\": {\"score\": " + forkScores[0] + ", \"scoreError\": 1, \"scoreUnit\": \"ns/op\", "
                + "\"rawData\": [" + raw + "]}}]");
    }
}
