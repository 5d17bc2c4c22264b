package io.perfharness.app.cli;

import java.io.UncheckedIOException;

import io.perfharness.harness.process.HarnessException;
import io.perfharness.app.scenario.ScenarioException;
import io.perfharness.reports.ReportFormatException;
import io.perfharness.app.scenario.LoadSettings;
import io.perfharness.reports.compare.IncomparableReportsException;
import io.perfharness.reports.gate.GateSyntaxException;
import io.perfharness.reports.io.OutputLocationException;
import picocli.CommandLine;

/** The one place that maps failures to exit codes. */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    /** Success. */
    public static final int OK = 0;
    /** A performance gate or regression check failed. */
    public static final int GATE_FAILED = 1;
    /** Bad usage or input: flags, scenario or report files. */
    public static final int USAGE = 2;
    /** A process or run failed: did not start, died, timed out, a step failed. */
    public static final int RUN_FAILED = 3;
    /** A verdict could not be reached (too little evidence within the budget): neither pass nor fail. */
    public static final int INCONCLUSIVE = 4;
    /** A bug in perfharness: an exception nobody expected. Printed with its stack trace. */
    public static final int INTERNAL = 70;

    @Override
    public int getExitCode(Throwable t) {
        return of(t);
    }

    /**
     * @return the exit code for {@code t}: 2 for the input errors we raise on purpose (flags, scenario,
     *         report files, gates, incomparable reports), 3 for processes and runs that failed or output
     *         that could not be written, 70 for anything else: that is a bug, not bad input
     */
    public static int of(Throwable t) {
        if (t instanceof CommandLine.ParameterException || t instanceof ScenarioException
                || t instanceof ReportFormatException || t instanceof GateSyntaxException
                || t instanceof IncomparableReportsException || t instanceof LoadSettings.SettingsException
                || t instanceof InputException || t instanceof OutputLocationException) {
            return USAGE;
        }
        if (t instanceof HarnessException || t instanceof UncheckedIOException) {
            return RUN_FAILED;
        }
        return INTERNAL;
    }

    /**
     * Runs a step that reads the user's input, where an {@link IllegalArgumentException} means bad input by
     * its contract (a threshold, a format name, reports that cannot be merged), and reports it as such.
     */
    static <T> T input(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            if (of(e) == USAGE) {
                throw e;
            }
            throw new InputException(e.getMessage(), e);
        }
    }
}
