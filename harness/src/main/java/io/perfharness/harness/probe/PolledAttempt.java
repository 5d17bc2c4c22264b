package io.perfharness.harness.probe;

/**
 * An {@link ReadinessProbe.Attempt} that remembers what its last unsuccessful check saw, for the
 * timeout message. Subclasses report a miss with {@code return notYet("connection refused")}.
 */
abstract class PolledAttempt implements ReadinessProbe.Attempt {
    private String seen;

    /** Records what this check saw and returns false, so a miss reads as one statement. */
    protected final boolean notYet(String whatWasSeen) {
        seen = whatWasSeen;
        return false;
    }

    @Override
    public final String lastSeen() {
        return seen;
    }
}
