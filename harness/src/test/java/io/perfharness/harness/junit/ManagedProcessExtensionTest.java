package io.perfharness.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.process.TestServer;

/** The extension as a user writes it: a real {@code python3 -m http.server} for the tests of this class. */
class ManagedProcessExtensionTest {
    static final int PORT = TestServer.freePort();
    static final String DIR = TestServer.repoRoot().resolve("examples/flask-json").toString();

    @RegisterExtension
    static ManagedProcessExtension server = ManagedProcessExtension.of(ManagedProcess.builder("http.server")
            .command(List.of(TestServer.python(), "-m", "http.server", Integer.toString(PORT),
                    "--bind", "127.0.0.1", "--directory", DIR))
            .readiness(Probes.http("http://127.0.0.1:" + PORT + "/wsgi.py")));

    static long firstPid;

    private static HttpResponse<String> get(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theServerIsReadyBeforeTheFirstTest() throws Exception {
        HttpResponse<String> r = get("/wsgi.py");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Flask");
        samePidForEveryTest();
    }

    @Test
    void andServesEveryTestOfTheClass() throws Exception {
        assertThat(get("/payload.py").statusCode()).isEqualTo(200);
        assertThat(server.process().isAlive()).isTrue();
        samePidForEveryTest();
    }

    private static synchronized void samePidForEveryTest() {
        if (firstPid == 0) {
            firstPid = server.process().pid();
        }
        assertThat(server.process().pid()).isEqualTo(firstPid);
    }
}
