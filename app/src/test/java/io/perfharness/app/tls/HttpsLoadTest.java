package io.perfharness.app.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.app.cli.Main;
import io.perfharness.harness.NoLeaks;
import io.perfharness.loadgen.LoadGenerator;
import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.loadgen.ProgressListener;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;

/**
 * {@code https://} loads against nginx with TLS on loopback (a self-signed certificate made per test): TLS 1.2
 * and 1.3, keep-alive and a reconnect per request, session resumption, certificate verification, the OpenSSL
 * and the JDK providers, closed and open model.
 */
class HttpsLoadTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void nginxInstalled() {
        assertThat(Files.isExecutable(TlsNginx.NGINX)).as("nginx-light is installed (apt-get install -y nginx-light)").isTrue();
    }

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft(dir.toString());
    }

    private static LoadSpec.Builder load(String url) {
        return LoadSpec.builder(URI.create(url)).connections(2).threads(1).duration(Duration.ofMillis(700))
                .warmup(Duration.ZERO).insecure(true);
    }

    private static LoadResult run(LoadSpec spec) {
        return LoadGenerator.run(spec, ProgressListener.NONE);
    }

    @Test
    void keepAliveOverTls13OnlyMakesOneHandshakePerConnection() throws Exception {
        try (TlsNginx nginx = TlsNginx.start(dir, "TLSv1.3")) {
            LoadResult r = run(load(nginx.url("/")).build());

            assertThat(r.errors().total()).as("errors %s, first TLS failure %s", r.errors(), r.tls().firstFailure()).isZero();
            assertThat(r.requests()).isGreaterThan(50);
            assertThat(r.tls().provider()).startsWith("openssl");
            assertThat(r.tls().handshakes()).as("one per connection, warm-up 0").isEqualTo(2);
            assertThat(r.tls().handshakeMicros().getMaxValue()).isPositive();
        }
    }

    @Test
    void keepAliveOverTls12Only() throws Exception {
        try (TlsNginx nginx = TlsNginx.start(dir, "TLSv1.2")) {
            LoadResult r = run(load(nginx.url("/")).build());

            assertThat(r.errors().total()).as("errors %s, first TLS failure %s", r.errors(), r.tls().firstFailure()).isZero();
            assertThat(r.requests()).isGreaterThan(50);
            assertThat(r.tls().handshakes()).isEqualTo(2);
        }
    }

    @Test
    void reconnectsResumeTheSessionOverTls13() throws Exception {
        reconnectsResume("TLSv1.3");
    }

    @Test
    void reconnectsResumeTheSessionOverTls12() throws Exception {
        reconnectsResume("TLSv1.2");
    }

    private void reconnectsResume(String protocol) throws Exception {
        try (TlsNginx nginx = TlsNginx.start(dir, protocol)) {
            // nginx closes the connection after every response of /close: each request reconnects
            LoadResult r = run(load(nginx.url("/close")).build());

            assertThat(r.errors().total()).as("errors %s, first TLS failure %s", r.errors(), r.tls().firstFailure()).isZero();
            assertThat(r.requests()).isGreaterThan(20);
            assertThat(r.tls().handshakes()).as("a handshake per request").isBetween(r.requests(), r.requests() + 2);
            assertThat(r.tls().resumed()).as("all but the first of each connection resume")
                    .isGreaterThanOrEqualTo(r.tls().handshakes() - 2);
            // the handshake is part of the request's latency, not of the latency from the write
            assertThat(r.latencyMicros().getValueAtPercentile(50))
                    .isGreaterThan(r.fromWriteMicros().getValueAtPercentile(50));
            assertThat(r.latencyMicros().getValueAtPercentile(50))
                    .isGreaterThanOrEqualTo(r.tls().handshakeMicros().getValueAtPercentile(50));
        }
    }

    @Test
    void anUntrustedCertificateIsATlsErrorWithOneLineSayingWhy() throws Exception {
        try (TlsNginx nginx = TlsNginx.start(dir, "TLSv1.2 TLSv1.3")) {
            LoadResult r = run(load(nginx.url("/")).insecure(false).duration(Duration.ofMillis(1500)).build());

            assertThat(r.requests()).isZero();
            assertThat(r.errors().tls()).isPositive();
            assertThat(r.errors().total()).isEqualTo(r.errors().tls());
            assertThat(r.tls().handshakes()).isZero();
            assertThat(r.tls().firstFailure()).as("names the untrusted certificate")
                    .containsIgnoringCase("certification path").doesNotContain("\n").doesNotContain("\tat ");
        }
    }

    @Test
    void theJdkProviderAlsoResumesSessions() throws Exception {
        System.setProperty("perfharness.loadgen.tls", "jdk");
        try (TlsNginx nginx = TlsNginx.start(dir, "TLSv1.2 TLSv1.3")) {
            LoadResult keepAlive = run(load(nginx.url("/")).build());
            // one connection: the JDK keeps one session per server and uses a TLS 1.3 ticket once, so with
            // several connections reconnecting at once some find none and make a full handshake
            LoadResult reconnect = run(load(nginx.url("/close")).connections(1).build());

            assertThat(keepAlive.tls().provider()).isEqualTo("jdk");
            assertThat(keepAlive.errors().total()).isZero();
            assertThat(keepAlive.tls().handshakes()).isEqualTo(2);
            assertThat(reconnect.errors().total()).as("%s", reconnect.tls().firstFailure()).isZero();
            assertThat(reconnect.requests()).isGreaterThan(10);
            assertThat(reconnect.tls().resumed()).isGreaterThanOrEqualTo(reconnect.tls().handshakes() - 1);
        } finally {
            System.clearProperty("perfharness.loadgen.tls");
        }
    }

    @Test
    void theOpenModelSendsItsRateOverTlsToAHostNameWithSni() throws Exception {
        try (TlsNginx nginx = TlsNginx.start(dir, "TLSv1.2 TLSv1.3")) {
            LoadResult r = run(load(nginx.urlByName("/")).rate(200.0).duration(Duration.ofSeconds(1)).build());

            assertThat(r.errors().total()).as("%s", r.tls().firstFailure()).isZero();
            assertThat(r.requests()).isBetween(180L, 201L);
            assertThat(r.tls().handshakes()).isEqualTo(2);
        }
    }

    @Test
    void namedEndpointsOverTlsKeepTheirOwnResultsAndTheirOwnTlsErrors() throws Exception {
        try (TlsNginx nginx = TlsNginx.start(dir, "TLSv1.2 TLSv1.3")) {
            java.util.List<io.perfharness.loadgen.Endpoint> endpoints = java.util.List.of(
                    io.perfharness.loadgen.Endpoint.of("home", URI.create(nginx.url("/")), 3),
                    io.perfharness.loadgen.Endpoint.of("again", URI.create(nginx.url("/close")), 1));
            LoadResult r = run(load(nginx.url("/")).endpoints(endpoints).build());
            LoadResult untrusted = run(load(nginx.url("/")).endpoints(endpoints).insecure(false).build());

            assertThat(r.errors().total()).as("%s", r.tls().firstFailure()).isZero();
            assertThat(r.endpoints()).extracting(io.perfharness.loadgen.EndpointResult::name).containsExactly("home", "again");
            long home = r.endpoints().get(0).requests();
            long again = r.endpoints().get(1).requests();
            assertThat(home + again).isEqualTo(r.requests());
            assertThat(again).as("weight 1 of 4").isPositive();
            assertThat((double) home / (home + again)).isBetween(0.6, 0.9);
            assertThat(r.tls().handshakes()).as("the request after each of again's reconnects")
                    .isGreaterThanOrEqualTo(again - 2);
            assertThat(untrusted.requests()).isZero();
            assertThat(untrusted.errors().tls()).isPositive().isEqualTo(untrusted.errors().total());
            assertThat(untrusted.endpoints()).allSatisfy(e -> assertThat(e.errors().tls()).as(e.name()).isPositive());
            assertThat(untrusted.endpoints().stream().mapToLong(e -> e.errors().tls()).sum()).isEqualTo(untrusted.errors().tls());
        }
    }

    @Test
    void theLoadCommandTakesHttpsEndpoints() throws Exception {
        try (TlsNginx nginx = TlsNginx.start(dir, "TLSv1.3")) {
            Path report = dir.resolve("e.json");
            String out = cli("load", "-c", "2", "-t", "1", "-d", "600ms", "--warmup", "0", "--insecure", "-q",
                    "--report", report.toString(), "--results", dir.toString(),
                    "--endpoint", "home=" + nginx.url("/") + " weight=2", "--endpoint", "close=" + nginx.url("/close"));

            RunReport r = ReportFiles.read(report);
            assertThat(r.load().insecure()).isTrue();
            assertThat(r.load().endpoints()).extracting(e -> e.url()).containsExactly(nginx.url("/"), nginx.url("/close"));
            assertThat(r.errors().total()).isZero();
            assertThat(r.endpointTotals()).extracting(e -> e.name()).containsExactly("home", "close");
            assertThat(r.endpoint("close").orElseThrow().requests()).isPositive();
            assertThat(r.tls().handshakes()).isGreaterThanOrEqualTo(r.endpoint("close").orElseThrow().requests());
            assertThat(out).contains("tls (openssl").containsPattern("home +2 ");
        }
    }

    /** @return what {@code perfharness ARGS} printed, after checking it exited 0 */
    private static String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new java.io.PrintWriter(out, true));
        cmd.setErr(new java.io.PrintWriter(err, true));
        int code = cmd.execute(args);
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    @Test
    void theLoadCommandReportsAndSummarisesTheHandshakes() throws Exception {
        try (TlsNginx nginx = TlsNginx.start(dir, "TLSv1.2 TLSv1.3")) {
            Path report = dir.resolve("r.json");
            String out = cli("load", "-c", "2", "-t", "1", "-d", "600ms", "--warmup", "0", "--insecure", "-q",
                    "--report", report.toString(), "--results", dir.toString(), nginx.url("/close"));

            RunReport r = ReportFiles.read(report);
            assertThat(r.load().insecure()).isTrue();
            assertThat(r.errors().total()).isZero();
            assertThat(r.tls()).isNotNull();
            assertThat(r.tls().provider()).startsWith("openssl");
            assertThat(r.tls().handshakes()).isBetween(r.requests(), r.requests() + 2);
            assertThat(r.tls().resumedShare()).isGreaterThan(0.5);
            assertThat(r.repetitions().get(0).tls().histogram().decode().getTotalCount()).isEqualTo(r.tls().handshakes());
            assertThat(out).containsPattern("tls \\(openssl[^)]*\\)\\): [0-9,]+ handshakes, handshake ms p50 [0-9.]+ p99 [0-9.]+, [0-9]+% resumed");
        }
    }

    @Test
    void theLoadCommandSaysInOneLineWhyHandshakesFailed() throws Exception {
        try (TlsNginx nginx = TlsNginx.start(dir, "TLSv1.3")) {
            String out = cli("load", "-c", "1", "-d", "1500ms", "--warmup", "0", "-q", "--report", dir.resolve("r.json").toString(),
                    nginx.url("/"));

            assertThat(out).containsPattern("errors: [0-9]+ \\(tls [0-9]+\\)");
            assertThat(out).containsPattern("tls handshakes failed: SSLHandshakeException: .*certification path.*--insecure");
            assertThat(out).doesNotContain("\tat ").doesNotContain("Exception in");
        }
    }
}
