package io.perfharness.reports.gate;

import java.util.List;

/**
 * The outcomes of a list of gates.
 *
 * @param results one per gate, in the gates' order
 */
public record GateResults(List<GateResult> results) {

    public GateResults {
        results = List.copyOf(results);
    }

    /** @return whether no gate failed (skipped gates do not fail) */
    public boolean passed() {
        return failures().isEmpty();
    }

    /** @return the gates whose evidence decided neither way (a {@code vs baseline} comparison that was inconclusive) */
    public List<GateResult> inconclusive() {
        return results.stream().filter(r -> r.status() == GateResult.Status.INCONCLUSIVE).toList();
    }

    /** @return the gates that failed */
    public List<GateResult> failures() {
        return results.stream().filter(r -> r.status() == GateResult.Status.FAILED).toList();
    }

    /** @return one line per gate: {@code FAILED  p99 < 50ms: 61.2 ms} */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (GateResult r : results) {
            sb.append(String.format("  %-12s %s%n", r.status(), r.message()));
        }
        return sb.toString();
    }
}
