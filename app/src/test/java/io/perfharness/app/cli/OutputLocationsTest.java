package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.perfharness.harness.NoLeaks;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

/** {@code run} and {@code load} find a bad output location before they start anything, and never replace a special file. */
class OutputLocationsTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private Path aFile;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        aFile = Files.writeString(dir.resolve("file.txt"), "not a folder");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private static void assertRefused(Cli cli, String flag, Path where) {
        assertThat(cli.exitCode).as(cli.err).isEqualTo(2);
        assertThat(cli.err).startsWith("perfharness: " + flag + " " + where).contains(aFileName());
        assertThat(cli.err.strip().lines().count()).as(cli.err).isEqualTo(1);
    }

    private static String aFileName() {
        return "file.txt";
    }

    @Test
    void loadRefusesEachBadLocationBeforeAnyRequest() {
        Path under = aFile.resolve("sub");
        for (List<String> bad : List.of(List.of("--results", under.toString()),
                List.of("--report", under.resolve("r.json").toString()),
                List.of("--html", under.resolve("r.html").toString()),
                List.of("--history", under.toString()))) {
            Cli cli = Cli.run(args(List.of("load", url(), "-d", "1s", "--warmup", "0s", "-c", "1", "-t", "1"), bad));
            assertRefused(cli, bad.get(0), Path.of(bad.get(1)));
            assertThat(requests).as(bad.get(0)).hasValue(0);
        }
    }

    @Test
    void runRefusesABadLocationBeforeAnyStep() throws Exception {
        Path scenario = Files.writeString(dir.resolve("s.yaml"), """
                steps:
                  a:
                    command: [sh, -c, "touch ran"]
                """);
        Path under = aFile.resolve("sub");
        for (List<String> bad : List.of(List.of("--results", under.toString()),
                List.of("--report", under.resolve("r.json").toString()),
                List.of("--html", under.resolve("r.html").toString()),
                List.of("--history", under.toString()))) {
            Cli cli = Cli.run(args(List.of("run", scenario.toString()), bad));
            assertRefused(cli, bad.get(0), Path.of(bad.get(1)));
            assertThat(dir.resolve("ran")).as(bad.get(0)).doesNotExist();
        }
    }

    @Test
    void aReportSentToAFifoIsWrittenThroughItAndNothingIsMadeBesideIt() throws Exception {
        // the /dev/null idiom, shown on FIFOs of our own: the old code replaced the special file with a regular one
        Path report = fifo("report.fifo");
        Path page = fifo("page.fifo");
        CompletableFuture<String> reportRead = readAll(report);
        CompletableFuture<String> pageRead = readAll(page);
        Cli cli = Cli.run("load", url(), "-d", "1s", "--warmup", "0s", "-c", "1", "-t", "1",
                "--report", report.toString(), "--html", page.toString(), "--results", dir.resolve("results").toString());
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(requests.get()).isPositive();
        // the whole report came through the FIFO (this JDK server is too slow for a count to be sure of)
        assertThat(ReportFiles.mapper().readTree(reportRead.get(10, TimeUnit.SECONDS)).get("schemaVersion").asInt()).isEqualTo(RunReport.SCHEMA_VERSION);
        assertThat(pageRead.get(10, TimeUnit.SECONDS)).startsWith("<!DOCTYPE html>");
        for (Path fifo : List.of(report, page)) {
            assertThat(Files.readAttributes(fifo, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("file.txt", "report.fifo", "page.fifo");
        }
    }

    private Path fifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        return fifo;
    }

    private static CompletableFuture<String> readAll(Path fifo) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(Files.readString(fifo));
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** {@code command} then {@code bad}, with a good --results unless {@code bad} is one. */
    private String[] args(List<String> command, List<String> bad) {
        List<String> all = new ArrayList<>(command);
        if (!bad.get(0).equals("--results")) {
            all.addAll(List.of("--results", dir.resolve("results").toString()));
        }
        all.addAll(bad);
        return all.toArray(String[]::new);
    }
}
