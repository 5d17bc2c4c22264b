package io.perfharness.app.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.perfharness.app.scenario.Durations;
import io.perfharness.loadgen.Endpoint;
import io.perfharness.loadgen.LoadSpec;

/** A {@link LoadSpec} written as the flags of {@code perfharness load}, which parses them back to the same spec. */
public final class LoadFlags {
    private LoadFlags() {
    }

    /**
     * @return {@code load}'s flags then URLs for {@code spec}: every setting, none left to a default; each flag
     *         with its value attached ({@code --body=TEXT}), so that a value that starts with a dash stays a value
     */
    public static List<String> of(LoadSpec spec) {
        List<String> a = new ArrayList<>();
        boolean named = !spec.endpoints().isEmpty();
        if (!named) {
            a.add("--method=" + spec.method());
        }
        a.add("--connections=" + spec.connections());
        a.add("--threads=" + spec.threads());
        a.add("--duration=" + duration(spec.duration()));
        a.add("--warmup=" + duration(spec.warmup()));
        a.add("--timeout=" + duration(spec.timeout()));
        if (spec.rate() != null) {
            a.add("--rate=" + spec.rate());
        }
        spec.headers().forEach((name, value) -> a.add("--header=" + name + ": " + value));
        if (spec.body() != null && !named) {
            a.add("--body=" + spec.body());
        }
        if (!spec.expectedStatus().isEmpty()) {
            a.add("--expect-status=" + spec.expectedStatus().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (spec.expectJson()) {
            a.add("--expect-json");
        }
        if (spec.h2()) {
            a.add("--h2");
            a.add("--streams=" + spec.streams());
        }
        if (spec.insecure()) {
            a.add("--insecure");
        }
        if (named) {
            for (Endpoint e : spec.endpoints()) {
                StringBuilder f = new StringBuilder("--endpoint=").append(e.name()).append('=').append(e.method())
                        .append(' ').append(quote(e.url().toString())).append(" weight=").append(e.weight());
                e.headers().forEach((n, v) -> f.append(' ').append(quote("header=" + n + ":" + v)));
                if (e.body() != null) {
                    f.append(' ').append(quote("body=" + e.body()));
                }
                a.add(f.toString());
            }
        } else {
            spec.urls().stream().map(URI::toString).forEach(a::add);
        }
        return a;
    }

    /** @return {@code word} quoted for {@code --endpoint}'s shell-like split: in single quotes, a single quote as {@code '"'"'} */
    private static String quote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    private static String duration(Duration d) {
        return d.toNanos() % 1_000_000 == 0 ? Durations.format(d) : d.toNanos() + "ns";
    }
}
