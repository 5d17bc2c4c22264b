package io.perfharness.app.ab;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway git repository for ab and bisect tests: a small Python HTTP server whose latency per
 * request is the number of milliseconds in the file {@code delay_ms} (a sleep: no CPU; 20 at first, so
 * that a busy machine's stalls barely move the numbers), and a scenario that loads it for a second with
 * 2 connections on a free port.
 */
public final class AbTesting {
    static final String SERVER = """
            import sys, time
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            DELAY = float(open("delay_ms").read().strip()) / 1000.0

            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                disable_nagle_algorithm = True
                def do_GET(self):
                    if DELAY:
                        time.sleep(DELAY)
                    self.wfile.write(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok")
                def log_message(self, *args):
                    pass

            ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
            """;

    private final Path dir;
    private final int port;

    private AbTesting(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** @return the repository's directory */
    public Path dir() {
        return dir;
    }

    /** A repository with one commit: the server with no delay and its scenario. */
    public static AbTesting repo(Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AbTesting r = new AbTesting(dir, port);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("server.py"), SERVER);
        Files.writeString(dir.resolve("delay_ms"), "20\n");
        Files.writeString(dir.resolve("scenario.yaml"), """
                name: tiny
                services:
                  web:
                    command: [python3, server.py, "%d"]
                    ready:
                      tcp: 127.0.0.1:%d
                    startupTimeout: 20s
                steps:
                  http:
                    services: [web]
                    load:
                      url: http://127.0.0.1:%d/
                      duration: 1s
                      warmup: 300ms
                      connections: 2
                      timeout: 2s
                """.formatted(port, port, port));
        r.git("init", "-q", "-b", "main");
        r.git("config", "user.email", "t@example.com");
        r.git("config", "user.name", "test");
        r.git("config", "commit.gpgsign", "false");
        r.commitAll("server sleeping 20 ms per request");
        return r;
    }

    /** Adds a ./perfharness launcher that runs this test's classpath, as the repository's own. */
    public void addLauncher() throws IOException {
        Path p = dir.resolve("perfharness");
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(p, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp '"
                + ManagementFactory.getRuntimeMXBean().getClassPath() + "' io.perfharness.app.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public void delay(int ms) throws IOException {
        Files.writeString(dir.resolve("delay_ms"), ms + "\n");
    }

    public String commitAll(String message) {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    /** @return the paths of every worktree git knows of, the main one included */
    public List<String> worktrees() {
        List<String> out = new ArrayList<>();
        for (String line : git("worktree", "list", "--porcelain").split("\n")) {
            if (line.startsWith("worktree ")) {
                out.add(line.substring("worktree ".length()));
            }
        }
        return out;
    }

    public String git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("git " + String.join(" ", args) + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
