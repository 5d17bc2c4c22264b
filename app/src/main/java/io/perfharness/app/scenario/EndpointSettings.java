package io.perfharness.app.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.perfharness.loadgen.Endpoint;

/**
 * One named endpoint as the user gives it: an entry of a scenario's {@code load.endpoints} list, or one
 * {@code --endpoint} flag ({@link #parseFlag}). {@link #toEndpoint} checks it and reads its body file.
 *
 * <p>The flag's syntax, its words split like a shell's (quote a word that holds spaces):
 * <pre>
 * NAME=[METHOD ]URL [weight=N] [header=NAME:VALUE]... [body=TEXT | body=@FILE]
 * </pre>
 * e.g. {@code checkout=POST http://127.0.0.1:8001/checkout weight=2 body=@order.json header=Content-Type:application/json}.
 * The first word is the name, {@code =}, then the method or the URL; every later word is {@code key=value}
 * with a key of {@code weight}, {@code header} or {@code body}, so no value is ever taken for another.
 */
public final class EndpointSettings {

    @JsonProperty("name")
    String name;

    @JsonProperty("url")
    String url;

    @JsonProperty("method")
    String method;

    @JsonProperty("headers")
    Map<String, String> headers;

    @JsonProperty("body")
    String body;

    /** YAML {@code bodyFile}, flag {@code body=@FILE}: a file whose UTF-8 text is the body. */
    @JsonProperty("bodyFile")
    String bodyFile;

    @JsonProperty("weight")
    Integer weight;

    /**
     * @param text the flag's value (see the class comment)
     * @return the endpoint it gives
     * @throws LoadSettings.SettingsException quoting the flag and saying what was expected
     */
    static EndpointSettings parseFlag(String text) {
        String flag = "--endpoint '" + text + "': ";
        List<String> words;
        try {
            words = io.perfharness.harness.process.CommandLine.split(text);
        } catch (IllegalArgumentException e) {
            throw new LoadSettings.SettingsException(flag + e.getMessage());
        }
        EndpointSettings s = new EndpointSettings();
        String first = words.get(0);
        int eq = first.indexOf('=');
        if (eq <= 0) {
            throw new LoadSettings.SettingsException(flag + "expected NAME=[METHOD ]URL first, e.g. home=http://127.0.0.1:8001/");
        }
        s.name = first.substring(0, eq);
        String rest = first.substring(eq + 1);
        int next = 1;
        if (!rest.contains("://")) {
            if (rest.isEmpty() || words.size() < 2) {
                throw new LoadSettings.SettingsException(flag + "expected a URL after '" + first + "'");
            }
            s.method = rest;
            rest = words.get(1);
            next = 2;
        }
        s.url = rest;
        for (String w : words.subList(next, words.size())) {
            int at = w.indexOf('=');
            String key = at < 0 ? w : w.substring(0, at);
            String value = at < 0 ? null : w.substring(at + 1);
            if (value == null) {
                throw new LoadSettings.SettingsException(flag + "'" + w + "': expected weight=N, header=NAME:VALUE or body=TEXT|@FILE");
            }
            switch (key) {
                case "weight" -> {
                    try {
                        s.weight = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new LoadSettings.SettingsException(flag + "weight '" + value + "' is not a whole number");
                    }
                }
                case "header" -> {
                    int colon = value.indexOf(':');
                    if (colon <= 0) {
                        throw new LoadSettings.SettingsException(flag + "header '" + value + "': expected NAME:VALUE");
                    }
                    if (s.headers == null) {
                        s.headers = new LinkedHashMap<>();
                    }
                    s.headers.put(value.substring(0, colon).trim(), value.substring(colon + 1).trim());
                }
                case "body" -> {
                    if (s.body != null || s.bodyFile != null) {
                        throw new LoadSettings.SettingsException(flag + "body is given twice");
                    }
                    if (value.startsWith("@")) {
                        s.bodyFile = value.substring(1);
                    } else {
                        s.body = value;
                    }
                }
                default -> throw new LoadSettings.SettingsException(flag + "unknown key '" + key
                        + "' (expected weight=N, header=NAME:VALUE or body=TEXT|@FILE)");
            }
        }
        return s;
    }

    /**
     * @param where names it in messages: {@code steps.http.load.endpoints[1].} or {@code --endpoint 'TEXT': }
     * @param dir   the folder a relative {@code bodyFile} is in: the scenario file's, or the working directory
     * @throws LoadSettings.SettingsException naming the field and what is wrong with it
     */
    Endpoint toEndpoint(String where, Path dir) {
        if (name == null) {
            throw new LoadSettings.SettingsException(where + "name: missing");
        }
        if (url == null) {
            throw new LoadSettings.SettingsException(where + "url: missing");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new LoadSettings.SettingsException(where + "url: '" + url + "' is not a URL: " + e.getReason());
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new LoadSettings.SettingsException(where + "url: '" + url + "' is not an http:// or https:// URL with a host");
        }
        if (body != null && bodyFile != null) {
            throw new LoadSettings.SettingsException(where + "body and bodyFile: give one or the other");
        }
        String text = body;
        if (bodyFile != null) {
            Path file = (dir == null ? Path.of("") : dir).resolve(bodyFile).normalize();
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            } catch (CharacterCodingException e) {
                throw new LoadSettings.SettingsException(where + "bodyFile: " + file + " is not UTF-8 text");
            } catch (IOException e) {
                throw new LoadSettings.SettingsException(where + "bodyFile: cannot read " + file + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        try {
            return new Endpoint(name, uri, method == null ? "GET" : method.toUpperCase(Locale.ROOT),
                    headers == null ? Map.of() : headers, text, weight == null ? 1 : weight);
        } catch (IllegalArgumentException e) {
            // Endpoint names itself ("endpoints[checkout]: weight must be ..."): say where it came from
            throw new LoadSettings.SettingsException(where + e.getMessage(), e);
        }
    }
}
