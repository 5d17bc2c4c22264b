package io.perfharness.harness.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small HTTP server written for the tests, in Python: {@code server.py PORT [options]}.
 *
 * <ul>
 *   <li>{@code --delay S}: wait S seconds before listening</li>
 *   <li>{@code --fail-for S}: answer 500 for the first S seconds after start, then 200</li>
 *   <li>{@code --ignore-term}: ignore SIGTERM</li>
 *   <li>{@code --raw}: a bare TCP listener that accepts and closes, nothing else</li>
 * </ul>
 * It answers 404 under {@code /missing}, logs each request on stderr, and prints
 * {@code listening on PORT at NANOS} (epoch ns) on stdout the moment the port is open.
 */
public final class TestServer {
    private static final String SOURCE = """
            import argparse, http.server, signal, socket, socketserver, sys, time
            start = time.time()
            ap = argparse.ArgumentParser()
            ap.add_argument('port', type=int)
            ap.add_argument('--delay', type=float, default=0)
            ap.add_argument('--fail-for', type=float, default=0)
            ap.add_argument('--ignore-term', action='store_true')
            ap.add_argument('--raw', action='store_true')
            a = ap.parse_args()
            if a.ignore_term:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
            time.sleep(a.delay)
            if a.raw:
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('127.0.0.1', a.port))
                s.listen(64)
                print('listening on %d at %d' % (a.port, time.time_ns()), flush=True)
                while True:
                    c, _ = s.accept()
                    c.close()
            class Handler(http.server.BaseHTTPRequestHandler):
                def answer(self):
                    if time.time() - start < a.fail_for:
                        code = 500
                    elif self.path.startswith('/missing'):
                        code = 404
                    else:
                        code = 200
                    body = b'ok\\n'
                    self.send_response(code)
                    self.send_header('Content-Length', str(len(body)))
                    self.send_header('Connection', 'close')
                    self.end_headers()
                    if self.command != 'HEAD':
                        self.wfile.write(body)
                def do_GET(self):
                    self.answer()
                def do_HEAD(self):
                    self.answer()
                def do_POST(self):
                    self.rfile.read(int(self.headers.get('Content-Length') or 0))
                    self.answer()
                def log_message(self, fmt, *args):
                    sys.stderr.write((fmt % args) + '\\n')
                    sys.stderr.flush()
            class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
                allow_reuse_address = True
                daemon_threads = True
            server = Server(('127.0.0.1', a.port), Handler)
            print('listening on %d at %d' % (a.port, time.time_ns()), flush=True)
            server.serve_forever()
            """;

    private TestServer() {
    }

    /** @return the Python to run: Debian's (it has Flask, and starts faster than a pyenv shim) or the one on PATH */
    public static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Writes {@code server.py} into {@code dir} (once) and returns its path. */
    public static Path script(Path dir) {
        Path file = dir.resolve("server.py");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, SOURCE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** @return the argv that runs the test server in {@code dir} on {@code port} with {@code options} */
    public static List<String> command(Path dir, int port, String... options) {
        List<String> cmd = new ArrayList<>(List.of(python(), "-u", script(dir).toString(), Integer.toString(port)));
        cmd.addAll(List.of(options));
        return cmd;
    }

    /** @return the same as {@link #command} as one shell word list, for {@code sh -c} scripts */
    public static String shellCommand(Path dir, int port, String... options) {
        return String.join(" ", command(dir, port, options).stream().map(a -> "'" + a + "'").toList());
    }

    /** @return a TCP port on 127.0.0.1 that was free a moment ago */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the checkout's root (the directory holding {@code examples/flask-json}) */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/flask-json"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("examples/flask-json not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
