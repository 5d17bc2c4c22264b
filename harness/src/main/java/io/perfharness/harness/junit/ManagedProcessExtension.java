package io.perfharness.harness.junit;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.process.ProcessSpec;

/**
 * Runs a {@link ManagedProcess} for the tests of a class: started (and awaited ready) before all of
 * them, stopped with its whole tree after them.
 *
 * <pre>{@code
 * class ApiTest {
 *     static final int PORT = 8001;
 *
 *     @RegisterExtension
 *     static ManagedProcessExtension server = ManagedProcessExtension.of(ManagedProcess.builder("api")
 *             .command("gunicorn --workers 2 --bind 127.0.0.1:8001 wsgi:app")
 *             .readiness(Probes.http("http://127.0.0.1:8001/health")));
 *
 *     @Test
 *     void answers() { ... server.process().pid() ... }
 * }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the process belongs to the class. When it cannot start,
 * the class fails with the harness's error — the exit code or what the probe last saw, and the
 * process's last lines of output — and none of its tests run. When it exited on its own during the
 * tests, or with an unexpected code when stopped, the class fails after its tests with that error.
 * Nested test classes share the outer class's process.
 */
public final class ManagedProcessExtension implements BeforeAllCallback, AfterAllCallback {
    private final ManagedProcess process;
    /** The unique id of the class context that started the process, or null. */
    private String startedBy;

    private ManagedProcessExtension(ManagedProcess process) {
        this.process = Objects.requireNonNull(process);
    }

    /** @return an extension running the process {@code builder} builds */
    public static ManagedProcessExtension of(ProcessSpec.Builder<ManagedProcess> builder) {
        return new ManagedProcessExtension(builder.build());
    }

    /** @return an extension running {@code process}, which must not be running yet */
    public static ManagedProcessExtension of(ManagedProcess process) {
        return new ManagedProcessExtension(process);
    }

    /** @return the managed process, for its pid, output and lifecycle ({@code stopped()}, {@code restart()}) */
    public ManagedProcess process() {
        return process;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (startedBy != null) {
            return; // a nested class: the outer class's process serves it
        }
        startedBy = context.getUniqueId();
        process.start(); // its HarnessException, with the output, fails the class
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (!context.getUniqueId().equals(startedBy)) {
            return;
        }
        startedBy = null;
        process.stop();
    }
}
