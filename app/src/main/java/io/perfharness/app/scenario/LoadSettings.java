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
import io.perfharness.loadgen.Stage;
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

    /** YAML {@code endpoints}: named endpoints with weights, instead of {@code url}. */
    @JsonProperty("endpoints")
    List<EndpointSettings> endpoints;

    /** Flags {@code --endpoint SPEC}, repeatable; the same as {@link #endpoints}. */
    @Option(names = "--endpoint", paramLabel = "SPEC", order = 21,
            description = {"a named endpoint with a weight, instead of URLs; repeatable:",
                "'NAME=[METHOD ]URL [weight=N] [header=NAME:VALUE]... [body=TEXT|body=@FILE]'",
                "words split as a shell does (quote one with spaces); weight 1 and GET by default; @FILE relative"
                        + " to the working directory. Requests go to endpoints by smooth weighted round-robin; the"
                        + " report has results per endpoint and gates can name one: 'p99[NAME] < 50ms'"})
    @JsonIgnore
    List<String> endpointFlags;

    /** Folder of the scenario file, for relative {@code bodyFile}s; {@code null}: the working directory. */
    @JsonIgnore
    private java.nio.file.Path baseDir;

    @Option(names = "--stage", paramLabel = "DURATION:LOAD", order = 21, converter = StageFlag.class,
            description = "a stage of a load that changes, repeatable, in order: DURATION:RATE (open model, e.g. 30s:200"
                    + " req/s) or DURATION:cN (closed model, e.g. 30s:c8 connections). Over DURATION the load goes"
                    + " linearly from the previous stage's (0 before the first) to this; a 0s stage jumps. The duration"
                    + " is their total; the warm-up holds the first stage's load")
    @JsonProperty("stages")
    @JsonDeserialize(contentUsing = StageField.class)
    List<StageSetting> stages;

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

    /** @param dir the folder relative {@code bodyFile}s are in (the scenario file's) */
    public LoadSettings relativeTo(java.nio.file.Path dir) {
        this.baseDir = dir;
        return this;
    }

    /** @return true when no setting is given: applying it changes nothing */
    @JsonIgnore
    public boolean isEmpty() {
        return urls == null && connections == null && threads == null && duration == null && warmup == null
                && timeout == null && rate == null && method == null && headers == null && headerLines == null
                && body == null && expectStatus == null && expectJson == null && endpoints == null && endpointFlags == null
                && stages == null && insecure == null && h2 == null && streams == null;
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
        List<io.perfharness.loadgen.Endpoint> named = endpoints(where);
        if (urls != null && named != null) {
            throw new SettingsException(where + (where.isEmpty() ? "URLs and --endpoint" : "url and endpoints")
                    + ": give one or the other");
        }
        if (urls != null) {
            List<URI> targets = parseUrls(where);
            b = base != null ? base.toBuilder().endpoints(List.of()).urls(targets)
                    : LoadSpec.builder(targets.get(0)).urls(targets);
        } else if (named != null) {
            b = (base != null ? base.toBuilder() : LoadSpec.builder(named.get(0).url())).endpoints(named);
        } else if (base != null) {
            b = base.toBuilder();
        } else {
            throw new SettingsException(where + (where.isEmpty() ? "a URL or an --endpoint is required"
                    : "url: missing (a URL or a list of URLs, or endpoints)"));
        }
        if (stages != null) {
            // first: stages set the duration (and connections) unless those are given too, which must then agree
            b.stages(stages.stream().map(StageSetting::stage).toList());
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
        LoadSpec spec;
        try {
            spec = b.build();
        } catch (IllegalArgumentException e) {
            // LoadSpec names the component ("connections must be ..."): say where it came from
            throw new SettingsException(where + inStages(e.getMessage(), where), e);
        }
        if (!spec.endpoints().isEmpty() && (method != null || body != null)) {
            throw new SettingsException(where + (method != null ? (where.isEmpty() ? "-m" : "method") : (where.isEmpty() ? "--body" : "body"))
                    + ": a load of named endpoints takes each endpoint's own method and body, not the load's");
        }
        return spec;
    }

    /** A LoadSpec message about {@code stages[i]}: names the YAML line of that stage, or the i-th {@code --stage} flag. */
    private String inStages(String message, String where) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^stages\\[(\\d+)]").matcher(message);
        if (stages == null || !m.find() || Integer.parseInt(m.group(1)) >= stages.size()) {
            return message;
        }
        StageSetting s = stages.get(Integer.parseInt(m.group(1)));
        if (where.isEmpty()) {
            java.util.regex.Matcher other = java.util.regex.Pattern.compile("stages\\[(\\d+)]").matcher(message.substring(m.end()));
            StringBuilder rest = new StringBuilder();
            while (other.find()) {
                other.appendReplacement(rest, "the " + ordinal(Integer.parseInt(other.group(1)) + 1) + " --stage");
            }
            other.appendTail(rest);
            return "--stage " + s.stage() + " (the " + ordinal(Integer.parseInt(m.group(1)) + 1) + ")" + rest;
        }
        return s.line() > 0 ? message.substring(0, m.end()) + " (line " + s.line() + ")" + message.substring(m.end()) : message;
    }

    private static String ordinal(int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th");
    }

    /**
     * One stage as given.
     *
     * @param stage the stage
     * @param line  its line in the scenario file, 0 for a flag
     */
    public record StageSetting(Stage stage, int line) {
    }

    /** picocli: {@code --stage 30s:200} (rate) or {@code --stage 30s:c8} (connections); picocli names the flag in its error. */
    static final class StageFlag implements CommandLine.ITypeConverter<StageSetting> {
        @Override
        public StageSetting convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a stage (expected DURATION:RATE like 30s:200, or DURATION:cN like 30s:c8)");
            }
            String load = value.substring(colon + 1).trim();
            try {
                Duration d = Durations.parse(value.substring(0, colon));
                if (load.startsWith("c")) {
                    return new StageSetting(Stage.connections(d, Integer.parseInt(load.substring(1))), 0);
                }
                return new StageSetting(Stage.rate(d, Double.parseDouble(load)), 0);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': '" + load
                        + "' is neither a rate (requests/s, e.g. 200) nor connections (c and a whole number, e.g. c8)");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }
    }

    /** Jackson: one stage, {@code {duration: 30s, rate: 200}} or {@code {duration: 30s, connections: 8}}, with its line. */
    static final class StageField extends JsonDeserializer<StageSetting> {
        private static final List<String> FIELDS = List.of("duration", "rate", "connections");

        @Override
        public StageSetting deserialize(JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            int line = p.currentTokenLocation().getLineNr();
            com.fasterxml.jackson.databind.JsonNode n = p.readValueAsTree();
            if (n == null || !n.isObject()) {
                throw com.fasterxml.jackson.databind.JsonMappingException.from(p,
                        "expected {duration: 30s, rate: 200} or {duration: 30s, connections: 8}");
            }
            for (java.util.Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw com.fasterxml.jackson.databind.JsonMappingException.from(p,
                            "unknown field '" + f + "' in a stage (known: " + String.join(", ", FIELDS) + ")");
                }
            }
            try {
                com.fasterxml.jackson.databind.JsonNode d = n.get("duration");
                if (d == null || !(d.isTextual() || d.isNumber())) {
                    throw new IllegalArgumentException("duration: missing (e.g. duration: 30s)");
                }
                Duration duration = Durations.parse(d.asText());
                com.fasterxml.jackson.databind.JsonNode rate = n.get("rate");
                com.fasterxml.jackson.databind.JsonNode connections = n.get("connections");
                if (rate != null && !rate.isNumber()) {
                    throw new IllegalArgumentException("rate: expected requests/s, a number, got " + rate);
                }
                if (connections != null && !connections.canConvertToExactIntegral()) {
                    throw new IllegalArgumentException("connections: expected a whole number, got " + connections);
                }
                return new StageSetting(new Stage(duration, rate == null ? null : rate.doubleValue(),
                        connections == null ? null : connections.intValue()), line);
            } catch (IllegalArgumentException e) {
                throw com.fasterxml.jackson.databind.JsonMappingException.from(p, e.getMessage());
            }
        }
    }

    /** @return the endpoints given (YAML or flags), checked and with their body files read; null if none */
    private List<io.perfharness.loadgen.Endpoint> endpoints(String where) {
        if (endpoints != null && endpointFlags != null) {
            throw new SettingsException("endpoints and --endpoint: give one or the other");
        }
        List<io.perfharness.loadgen.Endpoint> out = new ArrayList<>();
        if (endpoints != null) {
            if (endpoints.isEmpty()) {
                throw new SettingsException(where + "endpoints: at least one endpoint is required");
            }
            for (int i = 0; i < endpoints.size(); i++) {
                EndpointSettings e = endpoints.get(i);
                if (e == null) {
                    throw new SettingsException(where + "endpoints[" + i + "]: empty");
                }
                out.add(e.toEndpoint(where + "endpoints[" + i + "].", baseDir));
            }
            return out;
        }
        if (endpointFlags != null) {
            for (String f : endpointFlags) {
                out.add(EndpointSettings.parseFlag(f).toEndpoint("--endpoint '" + f + "': ", null));
            }
            return out;
        }
        return null;
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
