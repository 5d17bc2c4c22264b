package io.perfharness.app.ab;

import java.util.List;

import io.perfharness.harness.process.HarnessException;

/** A side's build or run failed: its command, exit code and last lines of output. The CLI exits 3. */
public final class AbRunFailedException extends HarnessException {
    AbRunFailedException(String what, List<String> lastLines) {
        super(what + (lastLines.isEmpty() ? "" : "; last output:\n  " + String.join("\n  ", lastLines)));
    }
}
