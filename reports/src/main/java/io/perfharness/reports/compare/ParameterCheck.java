package io.perfharness.reports.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.perfharness.reports.LoadParameters;
import io.perfharness.reports.RunReport;

/**
 * Whether two load reports measured the same thing. Differences that change what is measured (URLs,
 * method, connections, rate, duration, scenario step, HTTP/2 and its streams, and where both reports record them headers, body
 * and response checks) make reports incomparable; differences that may
 * only add noise (threads, warm-up, timeout, host, cores, JVM) are warnings.
 */
final class ParameterCheck {
    private ParameterCheck() {
    }

    /** @return the differences that make {@code a} and {@code b} incomparable, like {@code connections 2 vs 4} */
    static List<String> hard(RunReport a, RunReport b) {
        List<String> d = new ArrayList<>();
        LoadParameters x = a.load();
        LoadParameters y = b.load();
        differ(d, "urls", x.urls(), y.urls());
        differ(d, "method", x.method(), y.method());
        differ(d, "connections", x.connections(), y.connections());
        differ(d, "rate", x.rate(), y.rate());
        differ(d, "stages", x.stages(), y.stages());
        if (Math.abs(x.durationSeconds() - y.durationSeconds()) > 0.01 * Math.max(x.durationSeconds(), y.durationSeconds())) {
            d.add(String.format(Locale.ROOT, "duration %ss vs %ss", num(x.durationSeconds()), num(y.durationSeconds())));
        }
        differ(d, "step", a.step(), b.step());
        if (!java.util.Objects.equals(x.endpoints(), y.endpoints())) {
            d.add("endpoints " + endpoints(x) + " vs " + endpoints(y));
        }
        // a report written before HTTP/2 loaded over HTTP/1.1, one request per connection
        differ(d, "h2", Boolean.TRUE.equals(x.h2()), Boolean.TRUE.equals(y.h2()));
        differ(d, "streams", x.streams() == null ? 1 : x.streams(), y.streams() == null ? 1 : y.streams());
        if (x.complete() && y.complete()) {
            differ(d, "headers", x.headers(), y.headers());
            if (!java.util.Objects.equals(x.body(), y.body())) {
                d.add("body " + describe(x.body()) + " vs " + describe(y.body()));
            }
            differ(d, "expectStatus", x.expectStatus(), y.expectStatus());
            differ(d, "expectJson", x.expectJson(), y.expectJson());
        }
        return d;
    }

    private static String endpoints(LoadParameters l) {
        return l.endpoints() == null ? "none"
                : l.endpoints().stream().map(e -> e.name() + "=" + e.method() + " " + e.url() + " weight " + e.weight()
                        + (e.body() == null ? "" : " body " + describe(e.body()))).toList().toString();
    }

    private static String describe(LoadParameters.Body body) {
        return body == null ? "none" : body.bytes() + " bytes sha256 " + body.sha256().substring(0, 12);
    }

    /** @return differences that may add noise but do not change what is measured */
    static List<String> soft(RunReport a, RunReport b) {
        List<String> d = new ArrayList<>();
        differ(d, "threads", a.load().threads(), b.load().threads());
        // --insecure skips the certificate check: a little less client CPU per handshake, the same requests
        differ(d, "insecure", Boolean.TRUE.equals(a.load().insecure()), Boolean.TRUE.equals(b.load().insecure()));
        if (a.load().warmupSeconds() != b.load().warmupSeconds()) {
            d.add("warm-up " + num(a.load().warmupSeconds()) + "s vs " + num(b.load().warmupSeconds()) + "s");
        }
        if (a.load().timeoutSeconds() != b.load().timeoutSeconds()) {
            d.add("timeout " + num(a.load().timeoutSeconds()) + "s vs " + num(b.load().timeoutSeconds()) + "s");
        }
        differ(d, "scenario", a.scenario(), b.scenario());
        if (a.load().complete() != b.load().complete()) {
            d.add("the " + (a.load().complete() ? "head" : "base") + " report (schema " + Math.min(a.schemaVersion(),
                    b.schemaVersion()) + ") does not record headers, body and response checks: not compared");
        }
        differ(d, "host", a.meta().host(), b.meta().host());
        differ(d, "cores", a.meta().cores(), b.meta().cores());
        differ(d, "jvm", a.meta().jvm(), b.meta().jvm());
        return d;
    }

    private static void differ(List<String> d, String what, Object x, Object y) {
        if (!Objects.equals(x, y)) {
            d.add(what + " " + x + " vs " + y);
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
