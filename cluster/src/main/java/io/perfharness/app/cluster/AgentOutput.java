package io.perfharness.app.cluster;

import java.util.List;

/**
 * What one agent printed.
 *
 * @param index its segment index, 0 .. N-1
 * @param where where it ran, for messages: {@code pid 1234}, {@code pod perfharness-http-x-0-abcde}
 * @param lines its output (standard output and error), oldest first
 */
public record AgentOutput(int index, String where, List<String> lines) {
    public AgentOutput {
        lines = List.copyOf(lines);
    }

    /** @return its last {@code n} lines at most, each indented for a message */
    public String tail(int n) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines.subList(Math.max(0, lines.size() - n), lines.size())) {
            sb.append("\n    | ").append(l.length() > 300 ? l.substring(0, 300) + "..." : l);
        }
        return sb.toString();
    }
}
