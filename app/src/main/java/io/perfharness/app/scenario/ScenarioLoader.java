package io.perfharness.app.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.perfharness.harness.orchestration.Orchestrator;
import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.probe.ReadinessProbe;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.app.maxrate.MaxRateGoal;
import io.perfharness.app.maxrate.MaxRateOptions;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.reports.gate.Gate;
import io.perfharness.reports.gate.GateSyntaxException;
import io.perfharness.reports.gate.Gates;

/**
 * Reads scenario files (YAML; JSON when the name ends in {@code .json}). Every problem is reported as a
 * {@link ScenarioException} whose message names the file, the line and column or the field, and what is
 * wrong. Relative paths ({@code cwd}, pid files) are resolved against the scenario file's folder.
 *
 * <pre>{@code
 * name: flask-json
 * services:
 *   flask:
 *     command: [gunicorn, --workers, "2", --bind, "127.0.0.1:8001", "wsgi:app"]
 *     env: {PYTHONMALLOC: debug}
 *     ready: {tcp: "127.0.0.1:8001"}
 *     startupTimeout: 30s
 * steps:
 *   http:
 *     services: [flask]
 *     load: {url: "http://127.0.0.1:8001/", duration: 5s, connections: 2}
 *   init:
 *     command: python3 check_init.py
 * default: [http, init]
 * }</pre>
 */
public final class ScenarioLoader {

    static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(5);
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(10);

    private ScenarioLoader() {
    }

    // The file's shape; unknown fields are refused with their location.
    record ScenarioDoc(String name, JsonNode build, Map<String, ServiceDoc> services, Map<String, StepDoc> steps,
                       @JsonProperty("default") List<String> defaults) {
    }

    record ServiceDoc(JsonNode command, String cwd, Map<String, String> env, JsonNode ready,
                      String startupTimeout, String stopGrace, String stopSignal, JsonNode dependsOn,
                      Boolean keepUp) {
    }

    record StepDoc(JsonNode command, String cwd, Map<String, String> env, String timeout, LoadSettings load,
                   List<String> services, List<String> gates, MaxRateOptions findMaxRate) {
    }

    /** Reads and checks a scenario file. */
    public static Scenario load(Path file) {
        return load(file, System.getenv());
    }

    /** Reads a scenario, expanding {@code ${NAME}} and {@code ${NAME:-default}} from {@code env}. */
    public static Scenario load(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException(file + ": no such scenario file");
        }
        if (!Files.isReadable(file)) {
            throw new ScenarioException(file + ": cannot read scenario file (permission denied)");
        }
        boolean json = file.toString().endsWith(".json");
        ScenarioFileLimits.check(file, !json);
        ObjectMapper mapper = json ? JsonMapper.builder().build() : new YAMLMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        ScenarioDoc doc;
        try {
            doc = mapper.readValue(file.toFile(), ScenarioDoc.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ScenarioException(file + ": " + locate(file, mapper, e) + "unknown field '" + e.getPropertyName() + "' in "
                    + pathOf(e).replaceAll("\\." + java.util.regex.Pattern.quote(e.getPropertyName()) + "$", "")
                    + " (known: " + e.getKnownPropertyIds() + ")", e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException parse) {
                throw malformed(file, mapper, parse);
            }
            String path = pathOf(e);
            throw new ScenarioException(file + ": " + where(e) + (path.isEmpty() ? "" : "field " + path + ": ")
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw malformed(file, mapper, e);
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (doc == null) {
            throw new ScenarioException(file + ": empty scenario file");
        }
        return new Builder(file, new Variables(env)).build(doc);
    }

    private static ScenarioException malformed(Path file, ObjectMapper mapper, JsonProcessingException e) {
        return new ScenarioException(file + ": " + where(e) + "malformed " + (mapper instanceof YAMLMapper ? "YAML" : "JSON")
                + ": " + oneLine(e.getOriginalMessage()), e);
    }

    /** Parser messages (SnakeYAML's above all) quote the source over several lines; keep the words only. */
    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n")) {
            if (line.isBlank() || line.startsWith(" ") || line.startsWith("\t")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(line.strip());
        }
        return sb.toString();
    }

    /**
     * Record binding buffers an object's fields, so the exception's location is the object's end; find
     * the field itself by streaming the file again and following the exception's path of field names.
     */
    private static String locate(Path file, ObjectMapper mapper, JsonMappingException e) {
        List<String> want = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() == null) {
                return where(e);
            }
            want.add(r.getFieldName());
        }
        try (JsonParser p = mapper.getFactory().createParser(file.toFile())) {
            List<String> path = new ArrayList<>();
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    int depth = p.getParsingContext().getParent().getNestingDepth();
                    while (path.size() > depth) {
                        path.remove(path.size() - 1);
                    }
                    path.add(p.currentName());
                    if (path.equals(want)) {
                        JsonLocation loc = p.currentTokenLocation();
                        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall back to where the binder stopped
        }
        return where(e);
    }

    private static String where(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 1) {
            return "";
        }
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** Turns the parsed document into a checked {@link Scenario}. */
    private static final class Builder {
        private final Path file;
        private final Path dir;
        private final Variables vars;

        Builder(Path file, Variables vars) {
            this.file = file;
            this.vars = vars;
            this.dir = file.toAbsolutePath().getParent();
        }

        private ScenarioException error(String field, String message) {
            return new ScenarioException(file + ": field " + field + ": " + message);
        }

        Scenario build(ScenarioDoc doc) {
            Map<String, ServiceSpec> services = new LinkedHashMap<>();
            if (doc.services() != null) {
                doc.services().forEach((name, s) -> services.put(name, service("services." + name, name, s)));
            }
            services.values().forEach(s -> {
                for (String d : s.dependsOn().keySet()) {
                    if (!services.containsKey(d) || d.equals(s.name())) {
                        throw error("services." + s.name() + ".dependsOn", "unknown service '" + d
                                + "' (services: " + String.join(", ", services.keySet()) + ")");
                    }
                }
            });
            checkNoCycle(services);
            if (doc.steps() == null || doc.steps().isEmpty()) {
                throw error("steps", "a scenario needs at least one step");
            }
            Map<String, Step> steps = new LinkedHashMap<>();
            doc.steps().forEach((name, s) -> steps.put(name, step("steps." + name, name, s, services)));
            List<String> defaults = doc.defaults() != null ? List.copyOf(doc.defaults()) : List.copyOf(steps.keySet());
            for (int i = 0; i < defaults.size(); i++) {
                if (!steps.containsKey(defaults.get(i))) {
                    throw error("default[" + i + "]", "unknown step '" + defaults.get(i) + "' (steps: "
                            + String.join(", ", steps.keySet()) + ")");
                }
            }
            String name = doc.name() != null ? doc.name()
                    : file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
            List<String> build = doc.build() == null ? List.of() : command("build", doc.build());
            return new Scenario(name, file, services, steps, defaults, build);
        }

        private ServiceSpec service(String field, String name, ServiceDoc s) {
            if (s == null) {
                throw error(field, "empty service");
            }
            if (s.command() == null) {
                throw error(field + ".command", "missing (an argv list or a command string)");
            }
            return new ServiceSpec(name, command(field + ".command", s.command()), cwd(field + ".cwd", s.cwd()),
                    env(field + ".env", s.env()),
                    s.ready() == null ? Probes.none() : probe(field + ".ready", s.ready()),
                    duration(field + ".startupTimeout", s.startupTimeout(), DEFAULT_STARTUP_TIMEOUT),
                    duration(field + ".stopGrace", s.stopGrace(), DEFAULT_STOP_GRACE),
                    signal(field + ".stopSignal", s.stopSignal()),
                    dependsOn(field + ".dependsOn", s.dependsOn()), Boolean.TRUE.equals(s.keepUp()));
        }

        private io.perfharness.harness.process.Signal signal(String field, String name) {
            if (name == null) {
                return io.perfharness.harness.process.Signal.TERM;
            }
            String n = name.toUpperCase(Locale.ROOT).replaceFirst("^SIG", "");
            for (io.perfharness.harness.process.Signal s : io.perfharness.harness.process.Signal.values()) {
                if (s.name().equals(n) && s != io.perfharness.harness.process.Signal.KILL) {
                    return s;
                }
            }
            throw error(field, "unknown stop signal '" + name + "' (one of "
                    + java.util.Arrays.stream(io.perfharness.harness.process.Signal.values())
                            .filter(s -> s != io.perfharness.harness.process.Signal.KILL).map(Enum::name)
                            .collect(java.util.stream.Collectors.joining(", ")) + ")");
        }

        /** {@code [a, b]} (both ready) or {@code {a: started, b: ready}}. */
        private Map<String, Orchestrator.Condition> dependsOn(String field, JsonNode node) {
            Map<String, Orchestrator.Condition> out = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (node.isArray()) {
                for (String name : strings(field, node)) {
                    out.put(name, Orchestrator.Condition.READY);
                }
                return out;
            }
            if (!node.isObject()) {
                throw error(field, "expected a list of services, or a map of service to started or ready");
            }
            node.fields().forEachRemaining(e -> {
                String c = e.getValue().asText("");
                out.put(e.getKey(), switch (c) {
                    case "started" -> Orchestrator.Condition.STARTED;
                    case "ready" -> Orchestrator.Condition.READY;
                    default -> throw error(field + "." + e.getKey(), "expected started or ready, got '" + c + "'");
                });
            });
            return out;
        }

        private void checkNoCycle(Map<String, ServiceSpec> services) {
            for (ServiceSpec s : services.values()) {
                java.util.Deque<String> path = new java.util.ArrayDeque<>();
                walk(s.name(), services, path);
            }
        }

        private void walk(String name, Map<String, ServiceSpec> services, java.util.Deque<String> path) {
            if (path.contains(name)) {
                List<String> p = new ArrayList<>(path);
                p = p.subList(p.indexOf(name), p.size());
                throw error("services." + name + ".dependsOn", "dependency cycle: " + String.join(" -> ", p) + " -> " + name);
            }
            path.addLast(name);
            for (String d : services.get(name).dependsOn().keySet()) {
                walk(d, services, path);
            }
            path.removeLast();
        }

        private Step step(String field, String name, StepDoc s, Map<String, ServiceSpec> services) {
            if (s == null) {
                throw error(field, "empty step (give it a command or a load)");
            }
            List<String> needs = s.services() == null ? List.of() : s.services();
            for (int i = 0; i < needs.size(); i++) {
                if (!services.containsKey(needs.get(i))) {
                    throw error(field + ".services[" + i + "]", "unknown service '" + needs.get(i) + "' (services: "
                            + (services.isEmpty() ? "none" : String.join(", ", services.keySet())) + ")");
                }
            }
            if (s.command() != null && s.load() != null) {
                throw error(field, "a step has either a command or a load, not both");
            }
            if (s.gates() != null && s.load() == null) {
                throw error(field + ".gates", "gates belong to load steps");
            }
            if (s.findMaxRate() != null && s.load() == null) {
                throw error(field + ".findMaxRate", "findMaxRate belongs to load steps");
            }
            if (s.command() != null) {
                return new Step.Command(name, command(field + ".command", s.command()), cwd(field + ".cwd", s.cwd()),
                        env(field + ".env", s.env()),
                        duration(field + ".timeout", s.timeout(), DEFAULT_COMMAND_TIMEOUT), needs);
            }
            if (s.load() != null) {
                if (s.cwd() != null || s.env() != null || s.timeout() != null) {
                    throw error(field, "cwd, env and timeout belong to command steps; a load step's timeout goes in load.timeout");
                }
                LoadSpec spec = load(field + ".load", s.load());
                List<Gate> gates = gates(field + ".gates", s.gates());
                checkEndpoints(field + ".gates", gates, spec);
                return new Step.Load(name, spec, needs, gates,
                        s.findMaxRate() == null ? null : maxRate(field + ".findMaxRate.", s.findMaxRate()));
            }
            throw error(field, "a step needs a command or a load");
        }

        private List<Gate> gates(String field, List<String> texts) {
            List<Gate> gates = new ArrayList<>();
            if (texts != null) {
                for (int i = 0; i < texts.size(); i++) {
                    try {
                        gates.add(Gates.parse(texts.get(i)));
                    } catch (GateSyntaxException e) {
                        throw error(field + "[" + i + "]", e.getMessage());
                    }
                }
            }
            return gates;
        }

        /** A gate naming an endpoint the load does not have is refused before anything runs. */
        private void checkEndpoints(String field, List<Gate> gates, LoadSpec spec) {
            List<String> names = spec.endpoints().stream().map(io.perfharness.loadgen.Endpoint::name).toList();
            for (int i = 0; i < gates.size(); i++) {
                if (gates.get(i) instanceof Gate.Absolute a && a.endpoint() != null && !names.contains(a.endpoint())) {
                    throw error(field + "[" + i + "]", new io.perfharness.reports.gate.UnknownEndpointException(
                            a.text(), a.endpoint(), names).getMessage());
                }
            }
        }

        private MaxRateGoal maxRate(String field, MaxRateOptions m) {
            try {
                return m.goal(field);
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(file + ": field " + e.getMessage(), e);
            }
        }

        private LoadSpec load(String field, LoadSettings l) {
            l.relativeTo(dir);
            if (l.endpoints != null) {
                for (int i = 0; i < l.endpoints.size(); i++) {
                    EndpointSettings e = l.endpoints.get(i);
                    if (e != null && e.url != null) {
                        e.url = expand(field + ".endpoints[" + i + "].url", e.url);
                    }
                }
            }
            if (l.urls() != null) {
                List<String> urls = new ArrayList<>();
                for (String u : l.urls()) {
                    urls.add(expand(field + ".url", u));
                }
                l.urls(urls);
            }
            try {
                return l.applyTo(null, field + ".");
            } catch (LoadSettings.SettingsException e) {
                throw new ScenarioException(file + ": field " + e.getMessage(), e);
            }
        }

        private List<String> command(String field, JsonNode node) {
            try {
                if (node.isTextual()) {
                    List<String> argv = new ArrayList<>();
                    for (String a : io.perfharness.harness.process.CommandLine.split(node.textValue())) {
                        argv.add(expand(field, a));
                    }
                    return argv;
                }
                List<String> argv = strings(field, node);
                if (argv.isEmpty()) {
                    throw error(field, "empty command");
                }
                return argv;
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        private Map<String, String> env(String field, Map<String, String> env) {
            if (env == null) {
                return Map.of();
            }
            Map<String, String> out = new LinkedHashMap<>();
            env.forEach((k, v) -> out.put(k, expand(field + "." + k, v == null ? "" : v)));
            return out;
        }

        private String expand(String field, String text) {
            try {
                return vars.expand(text);
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        private List<String> strings(String field, JsonNode node) {
            List<String> out = new ArrayList<>();
            if (node.isValueNode() && !node.isNull()) {
                out.add(expand(field, node.asText()));
                return out;
            }
            if (!node.isArray()) {
                throw error(field, "expected a string or a list of strings");
            }
            for (JsonNode n : node) {
                if (!n.isValueNode() || n.isNull()) {
                    throw error(field, "expected a list of strings, found " + n.getNodeType().name().toLowerCase(Locale.ROOT));
                }
                out.add(expand(field, n.asText()));
            }
            return out;
        }

        private Path cwd(String field, String cwd) {
            Path p = cwd == null ? dir : dir.resolve(expand(field, cwd)).normalize();
            if (!Files.isDirectory(p)) {
                throw error(field, "no such directory " + p);
            }
            return p;
        }

        private Duration duration(String field, String text, Duration dflt) {
            if (text == null) {
                return dflt;
            }
            try {
                Duration d = Durations.parse(text);
                if (d.isZero()) {
                    throw error(field, "must be more than 0");
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        private static final List<String> PROBE_KINDS = List.of("tcp", "http", "banner", "pidFile", "command", "allOf");

        private ReadinessProbe probe(String field, JsonNode node) {
            if (!node.isObject() || node.size() != 1) {
                throw error(field, "expected exactly one probe kind: " + String.join(", ", PROBE_KINDS));
            }
            String kind = node.fieldNames().next();
            JsonNode arg = node.get(kind);
            String f = field + "." + kind;
            try {
                switch (kind) {
                    case "tcp": {
                        String host = "127.0.0.1";
                        int port;
                        if (arg.isInt()) {
                            port = arg.intValue();
                        } else if (arg.isTextual() && arg.textValue().contains(":")) {
                            String t = arg.textValue();
                            host = t.substring(0, t.lastIndexOf(':'));
                            port = Integer.parseInt(t.substring(t.lastIndexOf(':') + 1));
                        } else if (arg.isObject()) {
                            allowOnly(f, arg, "host", "port");
                            host = arg.path("host").asText("127.0.0.1");
                            port = arg.path("port").asInt(-1);
                        } else {
                            throw error(f, "expected HOST:PORT, a port, or {host, port}");
                        }
                        return Probes.tcp(host, port);
                    }
                    case "http": {
                        if (arg.isTextual()) {
                            return Probes.http(arg.textValue());
                        }
                        allowOnly(f, arg, "url", "method", "body", "status");
                        if (!arg.hasNonNull("url")) {
                            throw error(f + ".url", "missing");
                        }
                        return Probes.http(arg.get("url").asText(), arg.path("method").asText("HEAD"),
                                arg.hasNonNull("body") ? arg.get("body").asText() : null,
                                arg.path("status").asText(Probes.DEFAULT_STATUS));
                    }
                    case "banner":
                        if (!arg.isTextual()) {
                            throw error(f, "expected a regular expression");
                        }
                        return Probes.banner(arg.textValue());
                    case "pidFile": {
                        if (arg.isTextual()) {
                            return Probes.pidFile(dir.resolve(arg.textValue()));
                        }
                        allowOnly(f, arg, "path", "live");
                        return Probes.pidFile(dir.resolve(arg.path("path").asText()), arg.path("live").asBoolean(true));
                    }
                    case "command":
                        return Probes.command(command(f, arg));
                    case "allOf": {
                        if (!arg.isArray() || arg.isEmpty()) {
                            throw error(f, "expected a list of probes");
                        }
                        List<ReadinessProbe> all = new ArrayList<>();
                        for (int i = 0; i < arg.size(); i++) {
                            all.add(probe(f + "[" + i + "]", arg.get(i)));
                        }
                        return Probes.allOf(all.toArray(ReadinessProbe[]::new));
                    }
                    default:
                        throw error(field, "unknown probe kind '" + kind + "' (expected one of " + String.join(", ", PROBE_KINDS) + ")");
                }
            } catch (IllegalArgumentException e) {
                throw error(f, e.getMessage());
            }
        }

        private void allowOnly(String field, JsonNode obj, String... known) {
            List<String> k = List.of(known);
            obj.fieldNames().forEachRemaining(n -> {
                if (!k.contains(n)) {
                    throw error(field, "unknown field '" + n + "' (known: " + String.join(", ", k) + ")");
                }
            });
        }
    }
}
