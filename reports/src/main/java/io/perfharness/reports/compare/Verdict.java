package io.perfharness.reports.compare;

import java.util.Locale;

/** What a comparison concludes about one metric. */
public enum Verdict {
    /** Worse beyond the metric's threshold, with statistical evidence. */
    REGRESSION,
    /** Better beyond the metric's threshold, with statistical evidence. */
    IMPROVEMENT,
    /** No change beyond the threshold, or no statistical evidence of one where the estimate is within it. */
    UNCHANGED,
    /** Too few samples for the test, or a change beyond the threshold without statistical evidence. */
    INCONCLUSIVE;

    /** @return the verdict in lower case, as printed */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
