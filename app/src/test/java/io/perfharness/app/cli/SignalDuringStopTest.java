package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.perfharness.harness.NoLeaks;

/**
 * SIGINT or SIGTERM to perfharness while it stops a service that ignores TERM (the load is over, the
 * stop waits out the grace): the exit code is still 128 + the signal's number. Found by
 * {@code bench/scripts/chaos.sh}: the command's thread used to finish the stop first and exit 0, or 3
 * when the signal had interrupted its stop, racing the signal handler's {@code halt(130/143)}.
 */
class SignalDuringStopTest {

    @TempDir
    Path dir;

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    @ParameterizedTest(name = "SIG{0} during the stop exits {1}")
    @CsvSource({"TERM, 143", "INT, 130"})
    void aSignalDuringTheStopEndsWithItsExitCode(String signal, int expected) throws Exception {
        int port = RunCommandTest.freePort();
        Path server = dir.resolve("stubborn.py");
        Path termSeen = dir.resolve("term-seen");
        Files.writeString(server, """
                import signal, sys
                from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
                signal.signal(signal.SIGTERM, lambda *a: open(sys.argv[2], "a").close())
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
                    command: [python3, "%s", "%d", "%s"]
                    ready: {tcp: "127.0.0.1:%d"}
                    stopGrace: 3s
                steps:
                  http:
                    services: [stubborn]
                    load: {url: "http://127.0.0.1:%d/", duration: 500ms, warmup: 0, connections: 1}
                """.formatted(server, port, termSeen, port, port));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.perfharness.app.cli.Main", "run", scenario.toString(), "--results", dir.resolve("results").toString(),
                "--output", "none", "-q")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(termSeen) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(termSeen).as("the stop began; output:%n%s", output()).exists();
            Thread.sleep(300); // well inside the 3 s grace
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).as("output:%n%s", output()).isEqualTo(expected);
            assertThat(output()).contains("SIG" + signal + " received");
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String output() throws Exception {
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }
}
