package io.perfharness.app.jar;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded CLI jar, run as users run it ({@code java -jar perfharness.jar}): what the unit tests, on the
 * module class path, cannot see — a resource or service file the shade plugin left out, a class the jar lacks.
 * (The HTML page once failed only here: uPlot's version was read from {@code META-INF/maven}, which the jar drops.)
 */
class PackagedJarIT {

    private static final byte[] BODY = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
    private static HttpServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void helpExitsZero() throws Exception {
        Result r = cli("--help");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("Usage:").contains("run").contains("load").contains("compare");
    }

    @Test
    void loadWritesReportAndHtmlPageWithItsInlinedChart() throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        Result r = cli("load", "-c", "1", "-d", "1s", "--warmup", "0s", "--report", dir.resolve("r.json").toString(),
                "--html", dir.resolve("page.html").toString(), url);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(dir.resolve("r.json")).isRegularFile();
        String page = Files.readString(dir.resolve("page.html"));
        assertThat(page).contains("uPlot").contains("<script").doesNotContain("${uplot.version}");
        assertThat(page.length()).as("the page inlines uPlot (~50 KB)").isGreaterThan(40_000);
    }

    private record Result(int exit, String output) {
    }

    private Result cli(String... args) throws Exception {
        Path jar = Paths.get(System.getProperty("perfharness.jar", "target/perfharness.jar"));
        assertThat(jar).as("the shaded CLI jar (mvn package)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes(); // ends when the process closes its output
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("perfharness " + String.join(" ", args) + " did not end within 60 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
