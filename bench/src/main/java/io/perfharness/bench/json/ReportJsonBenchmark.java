package io.perfharness.bench.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perfharness.bench.LatencySamples;
import io.perfharness.reports.EncodedHistogram;
import io.perfharness.reports.ErrorCounts;
import io.perfharness.reports.GitInfo;
import io.perfharness.reports.LatencySummary;
import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * Our own report written and read back, the way ReportFiles does it: with ReportFiles.mapper()
 * (indented output, creator checks), the histogram compressed and base64-encoded inside.
 * A run writes one report and `compare` reads two, so none of this is hot; the numbers say how
 * much of the report step is JSON and how much is the histogram's encoding.
 *
 * Mode: average time, unit µs per report. State: Scope.Benchmark; the report holds a latency
 * histogram of 10,000 recorded values (a 5 s run of the default scenario records about that
 * many), built once per trial in @Setup. Results are returned (no dead code); inputs are
 * non-final fields (no constant folding).
 *
 * What to compare:
 *  - writeBytes / readBytes: the report to JSON bytes and back; readBytes does what
 *    ReportFiles.read does after reading the file: tree, schema check, records, histogram decode.
 *  - encodeHistogram / decodeHistogram: the histogram's part alone (Deflater / Inflater and
 *    base64), the part of both that is not Jackson.
 *  - writeAndReadFile: ReportFiles.write (temp file + atomic rename) then ReportFiles.read, the
 *    real path, file system included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReportJsonBenchmark {

    private ObjectMapper mapper;
    private Histogram histogram;
    private EncodedHistogram encoded;
    private RunReport report;
    private byte[] json;
    private Path dir;
    private Path file;

    @Setup
    public void setUp() throws IOException {
        mapper = ReportFiles.mapper();
        histogram = new Histogram(1, 3_600_000_000L, 3); // the load generator's range: 1 µs .. 1 h
        for (long micros : LatencySamples.micros(10_000, 42)) {
            histogram.recordValue(micros);
        }
        encoded = EncodedHistogram.of(histogram);
        TreeMap<Integer, Long> status = new TreeMap<>();
        status.put(503, 3L);
        report = new RunReport(RunReport.SCHEMA_VERSION,
                new RunMeta(new GitInfo("8817bb5d0c2a4e1f9b3c7d6e5f4a3b2c1d0e9f8a", "main", false),
                        "2026-11-23T14:10:39Z", "bench-host", 2, "Debian 17.0.15+6-Debian-1deb12u1",
                        "Linux 6.1.0 amd64"),
                "flask-json", "http",
                new LoadParameters(List.of("http://127.0.0.1:8001/"), "GET", 2, 2, 5, 1, 5, null, java.util.Map.of(), null, List.of(), false, null, null, false, false, 1),
                histogram.getTotalCount(), 5.0, histogram.getTotalCount() / 5.0,
                new ErrorCounts(0, 0, 0, 0, status, 0, 0, 0), 0, LatencySummary.of(histogram), encoded, null, null, 0, 0, List.of(), null);
        json = mapper.writeValueAsBytes(report);
        dir = Files.createTempDirectory("perfharness-bench");
        file = dir.resolve("report.json");
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public byte[] writeBytes() throws IOException {
        return mapper.writeValueAsBytes(report);
    }

    @Benchmark
    public Histogram readBytes() throws IOException {
        JsonNode tree = mapper.readTree(json);
        if (tree.path("schemaVersion").intValue() != RunReport.SCHEMA_VERSION) {
            throw new IllegalStateException("schemaVersion");
        }
        return mapper.treeToValue(tree, RunReport.class).histogram().decode();
    }

    @Benchmark
    public EncodedHistogram encodeHistogram() {
        return EncodedHistogram.of(histogram);
    }

    @Benchmark
    public Histogram decodeHistogram() {
        return encoded.decode();
    }

    @Benchmark
    public RunReport writeAndReadFile() {
        ReportFiles.write(report, file);
        return ReportFiles.read(file);
    }
}
