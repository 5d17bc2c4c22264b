package io.perfharness.harness.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.process.ProcessSpec;
import io.perfharness.harness.process.ReadinessTimeoutException;
import io.perfharness.harness.process.TestServer;

class HttpProbeContractTest extends ReadinessProbeContract {
    @Override
    ReadinessProbe probe() {
        return Probes.http("http://127.0.0.1:" + port + "/health?probe=1");
    }

    @Override
    String serve() {
        return "exec " + TestServer.shellCommand(dir, port);
    }

    private ProcessSpec.Builder<ManagedProcess> server(ReadinessProbe probe, String... options) {
        return ManagedProcess.builder("web").command(TestServer.command(dir, port, options)).readiness(probe)
                .startupTimeout(Duration.ofSeconds(60));
    }

    /**
     * The server logs a request after answering it, so the line may reach the output reader just after
     * start() returned: wait for it (at most 5 s), then return the lines.
     */
    static java.util.List<String> awaitLine(ManagedProcess p, String text) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (p.lastLines().stream().noneMatch(l -> l.contains(text)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return p.lastLines();
    }

    @Test
    void keepsTheQueryStringAndUsesHeadByDefault() {
        try (ManagedProcess p = server(probe()).build().start()) {
            assertThat(awaitLine(p, "\"HEAD /health?probe=1 HTTP/1.1\" 200")).anyMatch(l -> l.contains("\"HEAD /health?probe=1 HTTP/1.1\" 200"));
        }
    }

    @Test
    void postsTheBodyWhenAskedTo() {
        ReadinessProbe post = Probes.http("http://127.0.0.1:" + port + "/submit", "post", "{\"a\":1}", "2xx");
        try (ManagedProcess p = server(post).build().start()) {
            assertThat(awaitLine(p, "\"POST /submit HTTP/1.1\" 200")).anyMatch(l -> l.contains("\"POST /submit HTTP/1.1\" 200"));
        }
    }

    @Test
    void waitsThroughTwoSecondsOf500() {
        long t0 = System.nanoTime();
        try (ManagedProcess p = server(probe(), "--fail-for", "2").build().start()) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(p.lastLines()).anyMatch(l -> l.contains("/health?probe=1 HTTP/1.1\" 500"));
        }
    }

    @Test
    void acceptsA404WhenThePatternSaysSo() {
        ReadinessProbe probe = Probes.http("http://127.0.0.1:" + port + "/missing/page", "GET", null, "(2|4)\\d\\d");
        try (ManagedProcess p = server(probe).build().start()) {
            assertThat(p.lastLines()).anyMatch(l -> l.contains("\"GET /missing/page HTTP/1.1\" 404"));
        }
    }

    @Test
    void a404IsNotReadyByDefaultAndTheTimeoutSaysWhatWasSeen() {
        ReadinessProbe probe = Probes.http("http://127.0.0.1:" + port + "/missing/page");
        ReadinessTimeoutException e = catchThrowableOfType(ReadinessTimeoutException.class,
                () -> server(probe).startupTimeout(Duration.ofSeconds(2)).build().start());
        assertThat(e).isNotNull();
        assertThat(e.lastSeen()).isEqualTo("status 404");
    }
}
