package io.perfharness.harness.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Ready when a request to {@code url} answers with an accepted status.
 *
 * @param url           the URL, query string kept
 * @param method        HEAD, GET or POST
 * @param body          request body for POST, or null
 * @param status        accepted status codes, as a regular expression over the 3-digit code
 * @param requestMillis per-request timeout in ms, capped by the time left
 */
record HttpProbe(URI url, String method, String body, Pattern status, int requestMillis) implements ReadinessProbe {

    @Override
    public Attempt begin(ProbeTarget target) {
        return new PolledAttempt() {
            @Override
            public boolean ready(Duration timeLeft) {
                int timeout = (int) Math.max(1, Math.min(requestMillis, timeLeft.toMillis()));
                HttpURLConnection c = null;
                try {
                    c = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
                    c.setConnectTimeout(timeout);
                    c.setReadTimeout(timeout);
                    c.setUseCaches(false);
                    c.setInstanceFollowRedirects(false);
                    c.setRequestMethod(method);
                    c.setRequestProperty("Connection", "close");
                    if (body != null) {
                        c.setDoOutput(true);
                        try (OutputStream out = c.getOutputStream()) {
                            out.write(body.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    int code = c.getResponseCode();
                    InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
                    if (in != null) {
                        in.close();
                    }
                    if (status.matcher(Integer.toString(code)).matches()) {
                        return true;
                    }
                    return notYet("status " + code);
                } catch (java.net.SocketTimeoutException e) {
                    if (timeout < requestMillis && lastSeen() != null) {
                        return false; // cut short by the start-up deadline: keep what the last full attempt saw
                    }
                    return notYet(e.getClass().getSimpleName() + ": " + e.getMessage());
                } catch (IOException e) {
                    return notYet(e.getClass().getSimpleName() + ": " + e.getMessage());
                } finally {
                    if (c != null) {
                        c.disconnect();
                    }
                }
            }
        };
    }

    @Override
    public String description() {
        return "http " + method + " " + url + " status " + status.pattern();
    }

    @Override
    public boolean survivesExit() {
        return true;
    }

    @Override
    public List<InetSocketAddress> ports() {
        int port = url.getPort() != -1 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
        return List.of(InetSocketAddress.createUnresolved(url.getHost(), port));
    }
}
