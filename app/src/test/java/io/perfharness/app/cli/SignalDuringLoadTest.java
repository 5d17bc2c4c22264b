package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.harness.NoLeaks;

/**
 * SIGTERM to perfharness while a load runs against a service that ignores TERM: the load stops first,
 * no report and no temporary file are written, every process is stopped, and the exit code is 143.
 */
class SignalDuringLoadTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    @Test
    void sigtermStopsTheLoadWritesNothingAndLeavesNothing() throws Exception {
        int port = RunCommandTest.freePort();
        Path server = dir.resolve("stubborn.py");
        Files.writeString(server, """
                import signal, sys
                from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                class H(BaseHTTPRequestHandler):
                    protocol_version = "HTTP/1.1"
                    def do_GET(self):
                        self.send_response(200)
                        self.send_header("Content-Length", "2")
                        self.end_headers()
                        self.wfile.write(b"ok")
                    def log_message(self, *a):
                        pass
                ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
                """);
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, """
                services:
                  stubborn:
                    command: [python3, "%s", "%d"]
                    ready: {tcp: "127.0.0.1:%d"}
                    stopGrace: 3s
                steps:
                  http:
                    services: [stubborn]
                    load: {url: "http://127.0.0.1:%d/", duration: 60s, warmup: 0, connections: 1}
                """.formatted(server, port, port, port));
        Path results = dir.resolve("results");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.perfharness.app.cli.Main", "run", scenario.toString(), "--results", results.toString(),
                "--report", results.resolve("r.json").toString(), "--output", "none")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            // wait until the measured window has begun (a progress line), then TERM
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.matches("\\s+1s\\s.*")) {
                    break;
                }
            }
            assertThat(line).as("a progress line; output so far:%n%s", seen).isNotNull();
            long t0 = System.nanoTime();
            p.toHandle().destroy(); // SIGTERM
            String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long tookMs = (System.nanoTime() - t0) / 1_000_000;

            assertThat(p.exitValue()).as("output:%n%s%s", seen, rest).isEqualTo(143);
            assertThat(rest).contains("SIGTERM received").doesNotContain("requests in").doesNotContain("report:");
            assertThat(tookMs).as("the service's 3 s grace, not the 60 s load").isLessThan(20_000);
            try (Stream<Path> files = Files.walk(results)) {
                List<String> written = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                        .filter(n -> !n.endsWith(".log")).toList();
                assertThat(written).as("no report, no .hlog, no temporary file").isEmpty();
            }
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
