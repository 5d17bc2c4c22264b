package io.perfharness.harness.junit;

import io.perfharness.harness.NoLeaks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.process.ManagedProcess;
import io.perfharness.harness.process.Leftovers;
import io.perfharness.harness.process.TestServer;

/**
 * What the extension does to a test class, seen from outside: the classes below are run through the
 * JUnit launcher (Maven does not run them itself: they are nested), and their results inspected.
 */
class ManagedProcessExtensionLifecycleTest {

    @AfterEach
    void nothingLeft() {
        NoLeaks.assertNothingLeft("http.server " + Healthy.PORT, "cannot-start-token");
    }

    /** Set only while {@link #run} runs a class below: they are skipped when Maven runs them by a -Dtest pattern. */
    static final String INNER = "perfharness.extension-lifecycle-test";

    private static synchronized TestExecutionSummary run(Class<?> testClass) {
        System.setProperty(INNER, "true");
        try {
            return runNow(testClass);
        } finally {
            System.clearProperty(INNER);
        }
    }

    private static TestExecutionSummary runNow(Class<?> testClass) {
        // only this listener: auto-registered ones (Maven's) would report these runs as the build's own
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .build());
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary s) {
        StringBuilder sb = new StringBuilder();
        s.getFailures().forEach(f -> sb.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        return sb.toString();
    }

    @Test
    void startsBeforeAllTestsAndStopsAfterThem() {
        TestExecutionSummary s = run(Healthy.class);
        assertThat(s.getTestsSucceededCount()).as(failures(s)).isEqualTo(3);
        assertThat(s.getTotalFailureCount()).as(failures(s)).isZero();
        assertThat(Healthy.server.process().isAlive()).isFalse();
        assertThat(Leftovers.accepting("127.0.0.1", Healthy.PORT)).isFalse();
    }

    @Test
    void failsTheClassWithTheProcessOutputWhenItCannotStart() {
        TestExecutionSummary s = run(CannotStart.class);
        assertThat(s.getTestsStartedCount()).isZero();
        assertThat(s.getContainersFailedCount()).isEqualTo(1);
        Throwable cause = s.getFailures().get(0).getException();
        assertThat(cause.getMessage()).contains("broken exited with code 2")
                .contains("config error: DATABASE_URL is not set");
    }

    @Test
    void failsTheClassWhenTheProcessDiedDuringItsTests() {
        TestExecutionSummary s = run(DiesDuringTests.class);
        assertThat(s.getTestsSucceededCount()).isEqualTo(1);
        assertThat(s.getContainersFailedCount()).isEqualTo(1);
        assertThat(s.getFailures().get(0).getException().getMessage()).contains("exited with code 137 on its own");
    }

    @EnabledIfSystemProperty(named = INNER, matches = "true")
    static class Healthy {
        static final int PORT = TestServer.freePort();

        @RegisterExtension
        static ManagedProcessExtension server = ManagedProcessExtension.of(ManagedProcess.builder("http.server")
                .command(List.of(TestServer.python(), "-m", "http.server", Integer.toString(PORT), "--bind", "127.0.0.1"))
                .readiness(Probes.tcp("127.0.0.1", PORT)));

        @Test
        void first() {
            assertThat(Leftovers.accepting("127.0.0.1", PORT)).isTrue();
        }

        @Test
        void second() {
            assertThat(server.process().isAlive()).isTrue();
        }

        @Nested
        class Inner {
            @Test
            void sharesTheOuterProcess() {
                assertThat(Leftovers.listener(PORT)).hasValue(server.process().pid());
            }
        }
    }

    @EnabledIfSystemProperty(named = INNER, matches = "true")
    static class CannotStart {
        @RegisterExtension
        static ManagedProcessExtension server = ManagedProcessExtension.of(ManagedProcess.builder("broken")
                .command(List.of("sh", "-c", "echo 'config error: DATABASE_URL is not set' >&2; exit 2", "cannot-start-token"))
                .readiness(Probes.tcp("127.0.0.1", TestServer.freePort())).startupTimeout(Duration.ofSeconds(60)));

        @Test
        void neverRuns() {
            throw new AssertionError("must not run");
        }
    }

    @EnabledIfSystemProperty(named = INNER, matches = "true")
    static class DiesDuringTests {
        @RegisterExtension
        static ManagedProcessExtension server = ManagedProcessExtension.of(ManagedProcess.builder("victim")
                .command("sleep 300"));

        @Test
        void killsIt() throws InterruptedException {
            ProcessHandle.of(server.process().pid()).orElseThrow().destroyForcibly();
            server.process().awaitExit(Duration.ofSeconds(30));
        }
    }
}
