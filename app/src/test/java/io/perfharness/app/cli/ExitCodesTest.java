package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import io.perfharness.app.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Only our input errors exit 2; an exception nobody expected is a bug: exit 70 with its stack trace. */
class ExitCodesTest {

    @Command(name = "throws")
    static final class Throws implements Callable<Integer> {
        private final RuntimeException e;

        Throws(RuntimeException e) {
            this.e = e;
        }

        @Override
        public Integer call() {
            throw e;
        }
    }

    private static String[] run(RuntimeException e) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine().addSubcommand(new Throws(e));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute("throws");
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorWithItsStackTrace() {
        String[] r = run(new NullPointerException("x is null"));
        assertThat(r[0]).isEqualTo("70");
        assertThat(r[1]).startsWith("perfharness: internal error (a bug in perfharness")
                .contains("x is null").contains("\tat ");
    }

    @Test
    void anIllegalArgumentExceptionFromDeepInsideIsNotBadInput() {
        String[] r = run(new IllegalArgumentException("index -1"));
        assertThat(r[0]).isEqualTo("70");
    }

    @Test
    void ourInputErrorsExit2InOneLine() {
        String[] r = run(new ScenarioException("s.yaml: field steps.x.load.url: missing"));
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1].strip()).isEqualTo("perfharness: s.yaml: field steps.x.load.url: missing");
    }
}
