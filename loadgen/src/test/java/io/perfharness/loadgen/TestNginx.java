package io.perfharness.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian's nginx-light, with the echo module for delays) on 127.0.0.1 and free ports: HTTP/2 with
 * prior knowledge (h2c) on a plain port ({@link #uri}), h2 over TLS with a self-signed certificate made by
 * the {@code openssl} command ({@link #tlsUri}), and HTTPS without HTTP/2 ({@link #http1TlsUri}, where
 * {@code /close} answers and closes the connection); its
 * files, configuration and logs in a folder of the test's. Stopped by its pid (TERM, then KILL); the test
 * checks nothing is left behind.
 */
final class TestNginx implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nginx");
    /** The response body of {@code /data.json}, bytes. */
    static final int BODY_BYTES = 4096;

    private final Process process;
    private final int port;
    private final int tlsPort;
    private final int http1TlsPort;
    private final int fewRequestsPort;

    private TestNginx(Process process, int port, int tlsPort, int http1TlsPort, int fewRequestsPort) {
        this.fewRequestsPort = fewRequestsPort;
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
        this.http1TlsPort = http1TlsPort;
    }

    /** @return true if nginx is installed (Debian: nginx-light) */
    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts nginx with one worker: {@code /data.json} a 4 KB JSON file, {@code /delay} answering after
     * 50 ms (echo_sleep), {@code /missing} a 404; keep-alive without a request limit.
     *
     * @param dir an empty folder for its files
     */
    static TestNginx start(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        int tlsPort = freePort();
        int http1TlsPort = freePort();
        int fewRequestsPort = freePort();
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
        Files.createDirectories(dir.resolve("www"));
        Files.createDirectories(dir.resolve("tmp"));
        StringBuilder json = new StringBuilder("{\"items\": [");
        while (json.length() < BODY_BYTES - 40) {
            json.append("\"0123456789abcdef\", ");
        }
        json.append("\"end\"]}");
        while (json.length() < BODY_BYTES) {
            json.append(' ');
        }
        Files.writeString(dir.resolve("www/data.json"), json);
        dir.toFile().setExecutable(true, false); // the worker (user nobody) reads the files
        dir.resolve("www").toFile().setExecutable(true, false);
        dir.resolve("www/data.json").toFile().setReadable(true, false);
        String conf = """
                load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/tmp; proxy_temp_path %1$s/tmp; fastcgi_temp_path %1$s/tmp;
                  uwsgi_temp_path %1$s/tmp; scgi_temp_path %1$s/tmp;
                  keepalive_requests 10000000;
                  http2_max_concurrent_streams 256;
                  default_type application/json;
                  ssl_certificate %1$s/cert.pem;
                  ssl_certificate_key %1$s/key.pem;
                  server {
                    listen 127.0.0.1:%2$d http2;
                    listen 127.0.0.1:%3$d ssl http2;
                    root %1$s/www;
                    location = /delay { echo_sleep 0.05; echo "{}"; }
                    location / { }
                  }
                  server {
                    listen 127.0.0.1:%4$d ssl;
                    root %1$s/www;
                    location = /close { keepalive_timeout 0; return 200 "closed\\n"; }
                  }
                  server {
                    listen 127.0.0.1:%5$d http2;
                    keepalive_requests 50;
                    root %1$s/www;
                  }
                }
                """.formatted(dir, port, tlsPort, http1TlsPort, fewRequestsPort);
        Files.writeString(dir.resolve("nginx.conf"), conf);
        Process p = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        TestNginx n = new TestNginx(p, port, tlsPort, http1TlsPort, fewRequestsPort);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("nginx exited with " + p.exitValue() + " before listening on " + port
                        + ": " + Files.readString(dir.resolve("nginx.out")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return n;
            } catch (IOException notYet) {
                if (System.nanoTime() > until) {
                    n.close();
                    throw new IllegalStateException("nginx did not listen on " + port + " within 10 s");
                }
                Thread.sleep(20);
            }
        }
    }

    /** @return an h2c URL (HTTP/2 with prior knowledge) */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** @return an https URL whose server selects h2 by ALPN (self-signed certificate for localhost, 127.0.0.1) */
    URI tlsUri(String path) {
        return URI.create("https://127.0.0.1:" + tlsPort + path);
    }

    /** @return an h2c URL whose server ends each connection with a graceful GOAWAY after 50 requests */
    URI fewRequestsUri(String path) {
        return URI.create("http://127.0.0.1:" + fewRequestsPort + path);
    }

    /** @return an https URL whose server speaks only HTTP/1.1 */
    URI http1TlsUri(String path) {
        return URI.create("https://127.0.0.1:" + http1TlsPort + path);
    }

    /** Stops nginx and its worker: TERM to the master (it stops its workers), KILL after 5 s. */
    @Override
    public void close() throws InterruptedException {
        ProcessHandle master = process.toHandle();
        java.util.List<ProcessHandle> workers = master.descendants().toList();
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle w : workers) {
            w.destroyForcibly();
            w.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
