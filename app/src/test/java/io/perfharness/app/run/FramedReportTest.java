package io.perfharness.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.reports.ErrorCounts;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.Repetition;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;

class FramedReportTest {

    @TempDir
    Path dir;

    private static RunReport report() {
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        for (int i = 1; i <= 5000; i++) {
            h.recordValue(i * 7L);
        }
        return RunReport.ofRepetitions(new RunMeta(null, "2026-11-23T14:10:39Z", "h", 2, "jvm", "os"), null, "load",
                new LoadParameters(List.of("http://x:1/"), "GET", 1, 1, 2, 0, 5, null, java.util.Map.of(), null, List.of(), false, null, null, false, false, 1),
                List.of(Repetition.of(5000, 2, ErrorCounts.NONE, h, List.of())));
    }

    @Test
    void aReportPrintedAmongOtherLinesIsFoundWholeInShortLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        out.println("perfharness: load ...");
        FramedReport.print(report(), out);
        out.println("a line after it");
        List<String> lines = new ArrayList<>(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(76));
        RunReport back = FramedReport.extract(lines, dir.resolve("a.json"));
        assertThat(back).isEqualTo(report());
        assertThat(dir.resolve("a.json")).exists();
    }

    @Test
    void outputWithoutAWholeReportHasNoneAndACorruptOneIsSaidToBe() {
        assertThat(FramedReport.extract(List.of("x", FramedReport.BEGIN, "H4sI"), dir.resolve("b.json"))).isNull();
        assertThatThrownBy(() -> FramedReport.extract(List.of(FramedReport.BEGIN, "not base64!", FramedReport.END),
                dir.resolve("c.json"))).hasMessageContaining("cannot be decoded");
    }
}
