package io.perfharness.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout's root from a module's test working directory. */
final class Repo {
    private Repo() {
    }

    static Path root() {
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
