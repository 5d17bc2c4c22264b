package io.perfharness.app.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.process.ManagedProcess;

/**
 * nginx (Debian's nginx-light) serving HTTPS on 127.0.0.1 with a self-signed certificate this class makes with
 * the {@code openssl} command (for {@code localhost} and {@code 127.0.0.1}), one worker:
 * {@code /} answers {@code ok} with keep-alive, {@code /close} answers and closes the connection
 * ({@code Connection: close}). Sessions resume (a shared session cache and tickets). Stopped by {@link #close()}.
 */
final class TlsNginx implements AutoCloseable {

    static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final ManagedProcess process;
    private final int port;
    private final Path certificate;

    private TlsNginx(ManagedProcess process, int port, Path certificate) {
        this.process = process;
        this.port = port;
        this.certificate = certificate;
    }

    /**
     * @param dir       an empty folder for the certificate, the configuration and the logs
     * @param protocols nginx's {@code ssl_protocols}, e.g. {@code "TLSv1.2"}, {@code "TLSv1.3"}
     */
    static TlsNginx start(Path dir, String protocols) throws IOException, InterruptedException {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            openssl.destroyForcibly().waitFor();
            throw new IllegalStateException("openssl req failed: " + Files.readString(dir.resolve("openssl.log")));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %2$s; proxy_temp_path %2$s; fastcgi_temp_path %2$s;
                  uwsgi_temp_path %2$s; scgi_temp_path %2$s;
                  keepalive_requests 1000000;
                  server {
                    listen 127.0.0.1:%3$d ssl;
                    ssl_certificate %4$s;
                    ssl_certificate_key %5$s;
                    ssl_protocols %6$s;
                    ssl_session_cache shared:TLS:1m;
                    ssl_session_tickets on;
                    location / { return 200 "ok\\n"; }
                    location /close { keepalive_timeout 0; return 200 "closed\\n"; }
                  }
                }
                """.formatted(dir, tmp, port, cert, key, protocols), StandardCharsets.UTF_8);
        ManagedProcess nginx = ManagedProcess.builder("nginx-tls")
                .command(List.of(NGINX.toString(), "-e", dir.resolve("error.log").toString(), "-p", dir.toString(),
                        "-c", conf.toString()))
                .readiness(Probes.tcp("127.0.0.1", port))
                .startupTimeout(Duration.ofSeconds(20))
                .stopGrace(Duration.ofSeconds(5))
                .build()
                .start();
        return new TlsNginx(nginx, port, cert);
    }

    /** @return {@code https://127.0.0.1:PORT} + {@code path} */
    String url(String path) {
        return "https://127.0.0.1:" + port + path;
    }

    /** @return {@code https://localhost:PORT} + {@code path}: a host name, sent as SNI */
    String urlByName(String path) {
        return "https://localhost:" + port + path;
    }

    int port() {
        return port;
    }

    /** @return the self-signed certificate, PEM */
    Path certificate() {
        return certificate;
    }

    @Override
    public void close() {
        process.close();
    }
}
