package io.perfharness.app.scenario;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * What a scenario file may be, checked before it is parsed into objects: at most {@value #MAX_BYTES} bytes,
 * no value longer than {@value #MAX_SCALAR_CHARS} characters, and no YAML aliases ({@code *name}: Jackson
 * reads them as the anchor's name, not its value). A huge file or value is refused in milliseconds instead
 * of being parsed for seconds into gigabytes.
 */
final class ScenarioFileLimits {
    /** Largest scenario file, bytes. */
    static final long MAX_BYTES = 1 << 20;
    /** Longest single value (a command, a body), characters. */
    static final int MAX_SCALAR_CHARS = 64 * 1024;

    private ScenarioFileLimits() {
    }

    /** @throws ScenarioException naming the file, and the line where it applies */
    static void check(Path file, boolean yaml) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (size > MAX_BYTES) {
            throw new ScenarioException(file + ": " + size + " bytes; a scenario file may have at most " + MAX_BYTES + " bytes");
        }
        if (!yaml) {
            return;
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) MAX_BYTES + 1);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Event e : new Yaml(options).parse(in)) {
                if (e instanceof AliasEvent a) {
                    throw new ScenarioException(file + ": line " + (a.getStartMark().getLine() + 1) + ": YAML alias *"
                            + a.getAnchor() + " is not supported: write the value out");
                }
                if (e instanceof ScalarEvent s && s.getValue().length() > MAX_SCALAR_CHARS) {
                    throw new ScenarioException(file + ": line " + (s.getStartMark().getLine() + 1) + ": a value of "
                            + s.getValue().length() + " characters; at most " + MAX_SCALAR_CHARS + " are allowed");
                }
            }
        } catch (MarkedYAMLException e) {
            // malformed: the parser that follows says where, in the same words as always
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof ScenarioException) {
                throw e;
            }
            // anything else SnakeYAML refuses is reported by the parser that follows
        }
    }
}
