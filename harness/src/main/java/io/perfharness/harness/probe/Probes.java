package io.perfharness.harness.probe;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Static factory of readiness probes.
 *
 * <pre>{@code
 * ReadinessProbe ready = Probes.allOf(Probes.tcp("127.0.0.1", 8001), Probes.banner("Booting worker"));
 * }</pre>
 */
public final class Probes {
    /** Per-request timeout of HTTP probes, in ms; capped by the start-up time left. */
    public static final int HTTP_REQUEST_MILLIS = 1000;
    /** Accepted HTTP statuses by default: any 2xx. */
    public static final String DEFAULT_STATUS = "2\\d\\d";

    private Probes() {
    }

    /** Ready when {@code host:port} accepts a TCP connection; {@code port} in 1..65535. */
    public static ReadinessProbe tcp(String host, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("tcp probe port must be in 1..65535, got " + port);
        }
        return new TcpProbe(host, port);
    }

    /** Ready when {@code HEAD url} answers 2xx. */
    public static ReadinessProbe http(String url) {
        return http(url, "HEAD", null, DEFAULT_STATUS);
    }

    /**
     * Ready when {@code method url} answers a status matching {@code statusPattern}.
     *
     * @param method        HEAD, GET or POST
     * @param body          request body (POST), or null
     * @param statusPattern regular expression over the 3-digit status, such as {@code (2|4)\d\d}; {@code 2xx}-style
     *                      wildcards are accepted too
     */
    public static ReadinessProbe http(String url, String method, String body, String statusPattern) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("http probe needs an http:// or https:// URL, got " + url);
        }
        String m = method.toUpperCase(java.util.Locale.ROOT);
        if (!List.of("HEAD", "GET", "POST").contains(m)) {
            throw new IllegalArgumentException("http probe method must be HEAD, GET or POST, got " + method);
        }
        String regex = statusPattern.replaceAll("(?i)x", "\\\\d");
        return new HttpProbe(uri, m, body, Pattern.compile(regex), HTTP_REQUEST_MILLIS);
    }

    /** Ready when a complete line of stdout or stderr contains a match of {@code regex}. */
    public static ReadinessProbe banner(String regex) {
        return new BannerProbe(Pattern.compile(regex));
    }

    /**
     * Ready when {@code file} exists and holds a live pid.
     *
     * @throws IllegalArgumentException when {@code file} is empty or an existing directory
     */
    public static ReadinessProbe pidFile(Path file) {
        return new PidFileProbe(file, true);
    }

    /**
     * Ready when {@code file} exists and holds a pid; alive only when {@code requireLive}.
     *
     * @throws IllegalArgumentException when {@code file} is empty or an existing directory
     */
    public static ReadinessProbe pidFile(Path file, boolean requireLive) {
        return new PidFileProbe(file, requireLive);
    }

    /** Ready when {@code argv} exits 0 (each run bounded by 5 s and the time left). */
    public static ReadinessProbe command(List<String> argv) {
        return new CommandProbe(argv, 5000);
    }

    /** Ready when every probe is. */
    public static ReadinessProbe allOf(ReadinessProbe... probes) {
        return new AllOfProbe(List.of(probes));
    }

    /** Ready at once: for processes nothing waits on. */
    public static ReadinessProbe none() {
        return NoProbe.INSTANCE;
    }

    private enum NoProbe implements ReadinessProbe {
        INSTANCE;

        @Override
        public Attempt begin(ProbeTarget target) {
            return timeLeft -> true;
        }

        @Override
        public String description() {
            return "nothing";
        }
    }
}
