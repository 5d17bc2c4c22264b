package io.perfharness.app.scenario;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import io.perfharness.loadgen.LoadSpec;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The load settings a user gives, as flags ({@code load}, and {@code run} as overrides of every load
 * step) or as a scenario's {@code load:} block: the one home of their names and parsing. Every field is
 * {@code null} when not given; {@link #applyTo} sets only the given ones on a {@link LoadSpec.Builder},
 * so defaults live in {@link LoadSpec#builder} alone and an override is "apply these on top of
 * {@code spec.toBuilder()}".
 *
 * <p>picocli fills it as a mixin, Jackson as the YAML/JSON {@code load:} object (unknown fields are
 * refused). A new setting is a field here with its two parser entries and one line in {@link #applyTo};
 * {@code LoadSettingsParityTest} fails until it reaches the run, the report and the gates.
 */
public final class LoadSettings {

    /** YAML {@code url}: one URL or a list (the {@code load} command takes them as arguments instead). */
    @JsonProperty("url")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    List<String> urls;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", order = 10,
            description = "connections to keep open (1..100000; default 10)")
    @JsonProperty("connections")
    Integer connections;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", order = 11,
            description = "event loops (default: cores, at most N connections)")
    @JsonProperty("threads")
    Integer threads;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", order = 12, converter = DurationFlag.class,
            description = "measured duration, e.g. 10s, 2m (default 10s, at most 24h)")
    @JsonProperty("duration")
    @JsonDeserialize(using = DurationField.class)
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", order = 13, converter = DurationFlag.class,
            description = "unrecorded warm-up before it, at least this long: extended by up to 10 s until the load"
                    + " generator is at speed (default 1s, 0 for none, at most 1h)")
    @JsonProperty("warmup")
    @JsonDeserialize(using = DurationField.class)
    Duration warmup;

    @Option(names = "--timeout", paramLabel = "DURATION", order = 14, converter = DurationFlag.class,
            description = "per-request timeout (default 5s, at most 1h)")
    @JsonProperty("timeout")
    @JsonDeserialize(using = DurationField.class)
    Duration timeout;

    @Option(names = {"-R", "--rate"}, paramLabel = "REQ/S", order = 15,
            description = "open model: requests per second in total (0.01..10000000)")
    @JsonProperty("rate")
    Double rate;

    @Option(names = {"-m", "--method"}, paramLabel = "METHOD", order = 16, description = "HTTP method (default GET)")
    @JsonProperty("method")
    String method;

    /** YAML {@code headers}: a map of name to value. */
    @JsonProperty("headers")
    Map<String, String> headers;

    /** Flags {@code -H 'Name: value'}, repeatable; applied after {@link #headers}. */
    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", order = 17, description = "request header, repeatable")
    @JsonIgnore
    List<String> headerLines;

    @Option(names = "--body", paramLabel = "TEXT", order = 18, description = "request body")
    @JsonProperty("body")
    String body;

    @Option(names = "--expect-status", paramLabel = "CODE", split = ",", order = 19,
            description = "statuses that count as success (e.g. 200,204); any other is an error, by code"
                    + " (default: any status below 400)")
    @JsonProperty("expectStatus")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    List<Integer> expectStatus;

    @Option(names = "--expect-json", order = 20,
            description = "parse a few sampled response bodies a second as JSON; each invalid one is a 'body' error")
    @JsonProperty("expectJson")
    Boolean expectJson;

    @Option(names = "--insecure", order = 21,
            description = "https:// URLs: trust any server certificate and host name, for self-signed test servers"
                    + " (default: the JDK's trust store; a certificate it does not trust is a 'tls' error)")
    @JsonProperty("insecure")
    Boolean insecure;

    @Option(names = "--h2", order = 22,
            description = "HTTP/2: h2c with prior knowledge on http:// URLs, ALPN h2 over TLS on https://"
                    + " (every URL on the same host and port)")
    @JsonProperty("h2")
    Boolean h2;

    @Option(names = "--streams", paramLabel = "N", order = 23,
            description = "with --h2: concurrent streams per connection, as h2load's -m (1..1000; default 1);"
                    + " the closed model keeps connections x N requests in flight")
    @JsonProperty("streams")
    Integer streams;

    /** @return the URLs given (YAML {@code url}), or {@code null} */
    public List<String> urls() {
        return urls;
    }

    /** @param urls the URLs to load, as given (checked by {@link #applyTo}) */
    public LoadSettings urls(List<String> urls) {
        this.urls = urls == null ? null : List.copyOf(urls);
        return this;
    }

    /** @return true when no setting is given: applying it changes nothing */
    @JsonIgnore
    public boolean isEmpty() {
        return urls == null && connections == null && threads == null && duration == null && warmup == null
                && timeout == null && rate == null && method == null && headers == null && headerLines == null
                && body == null && expectStatus == null && expectJson == null && insecure == null && h2 == null
                && streams == null;
    }

    /**
     * @param base the load to start from; {@code null} to start from {@link LoadSpec#builder}'s defaults
     *             (then {@link #urls()} must be given)
     * @param where names the source in error messages: a flag prefix ({@code ""}) or a YAML field path
     *              ({@code steps.http.load.})
     * @return {@code base} with every given setting replaced
     * @throws SettingsException naming the field and what is wrong with it
     */
    public LoadSpec applyTo(LoadSpec base, String where) {
        LoadSpec.Builder b;
        if (urls != null) {
            List<URI> targets = parseUrls(where);
            b = base != null ? base.toBuilder().urls(targets) : LoadSpec.builder(targets.get(0)).urls(targets);
        } else if (base != null) {
            b = base.toBuilder();
        } else {
            throw new SettingsException(where + "url: missing (a URL or a list of URLs)");
        }
        if (connections != null) {
            b.connections(connections);
        }
        if (threads != null) {
            b.threads(threads);
        }
        if (duration != null) {
            b.duration(duration);
        }
        if (warmup != null) {
            b.warmup(warmup);
        }
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (rate != null) {
            b.rate(rate);
        }
        if (method != null) {
            b.method(method.toUpperCase(Locale.ROOT));
        }
        if (headers != null) {
            headers.forEach(b::header);
        }
        if (headerLines != null) {
            for (String h : headerLines) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new SettingsException("-H '" + h + "': expected 'Name: value'");
                }
                b.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
        }
        if (body != null) {
            b.body(body);
        }
        if (expectStatus != null) {
            b.expectStatus(expectStatus);
        }
        if (expectJson != null) {
            b.expectJson(expectJson);
        }
        if (insecure != null) {
            b.insecure(insecure);
        }
        if (h2 != null) {
            b.h2(h2);
        }
        if (streams != null) {
            b.streams(streams);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            // LoadSpec names the component ("connections must be ..."): say where it came from
            throw new SettingsException(where + e.getMessage(), e);
        }
    }

    private List<URI> parseUrls(String where) {
        if (urls.isEmpty()) {
            throw new SettingsException(where + "url: at least one URL is required");
        }
        List<URI> targets = new ArrayList<>();
        for (String u : urls) {
            URI uri;
            try {
                uri = new URI(u);
            } catch (URISyntaxException e) {
                throw new SettingsException(where + "url: '" + u + "' is not a URL: " + e.getReason());
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new SettingsException(where + "url: '" + u + "' is not an http:// or https:// URL with a host");
            }
            targets.add(uri);
        }
        return targets;
    }

    /** @return the YAML headers, for the loader's checks; {@code null} when not given */
    Map<String, String> headers() {
        return headers == null ? null : new LinkedHashMap<>(headers);
    }

    /** A bad setting: its field or flag and what is wrong. Exit 2. */
    public static final class SettingsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public SettingsException(String message) {
            super(message);
        }

        public SettingsException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** picocli: a duration flag ({@code 5s}, {@code 250ms}); picocli names the flag in its error. */
    static final class DurationFlag implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Jackson: a duration field; Jackson adds the field's path and the loader its line. */
    static final class DurationField extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw com.fasterxml.jackson.databind.JsonMappingException.from(p, e.getMessage());
            }
        }
    }
}
