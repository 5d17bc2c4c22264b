package io.perfharness.app.cli;

import java.io.UncheckedIOException;

import io.perfharness.harness.process.HarnessException;
import io.perfharness.app.scenario.ScenarioException;
import io.perfharness.reports.ReportFormatException;
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

    @Override
    public int getExitCode(Throwable t) {
        return of(t);
    }

    /** @return the exit code for {@code t} */
    public static int of(Throwable t) {
        if (t instanceof CommandLine.ParameterException || t instanceof ScenarioException
                || t instanceof ReportFormatException || t instanceof OutputLocationException
                || t instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (t instanceof HarnessException || t instanceof UncheckedIOException) {
            return RUN_FAILED;
        }
        return RUN_FAILED;
    }
}
