package io.perfharness.harness.process;

import java.time.Duration;
import java.util.List;

/**
 * How a stop or kill ended.
 *
 * @param signal    the signal sent first
 * @param exitCode  the launched process's exit code (128 + n when signal n ended it); -1 when the wait was interrupted
 * @param escalated whether something of the tree outlived the grace period after {@code signal} and was sent KILL:
 *                  true means the signal did not work as the caller asked, even when no exception was raised
 * @param took      from the first signal until the tree was gone and its ports free
 */
public record StopResult(Signal signal, int exitCode, boolean escalated, Duration took) {
    /**
     * Raises what the stop of {@code spec}'s process says about it, if anything.
     *
     * @param exitedOnItsOwn whether it had exited before the stop began
     * @param why            for an escalation, what the survivor did with the signal, or empty
     * @param tail           its last lines of output
     * @throws ProcessExitedException when it had exited on its own with a non-zero code, or exited with a code not
     *                                expected on stop
     * @throws StopEscalatedException when KILL had to follow and the spec requires a graceful stop
     */
    void judge(ProcessSpec spec, boolean exitedOnItsOwn, String why, List<String> tail) {
        if (exitedOnItsOwn && exitCode != 0) {
            throw new ProcessExitedException(spec.name(), exitCode, "on its own before it was stopped", tail);
        }
        if (escalated && spec.requireGracefulStop()) {
            throw new StopEscalatedException(spec.name(), exitCode, signal, spec.stopGrace(), why, tail);
        }
        if (!exitedOnItsOwn && !spec.expectedOnStop(exitCode, signal, escalated)) {
            throw new ProcessExitedException(spec.name(), exitCode, "when stopped with " + signal
                    + " (expected " + spec.expectedDescription(signal) + ")", tail);
        }
    }

    /** What a stop of a process that was never started, or was stopped already, returns. */
    static StopResult nothingToStop(Signal signal) {
        return new StopResult(signal, -1, false, Duration.ZERO);
    }
}
