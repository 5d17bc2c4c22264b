package io.perfharness.harness.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last lines a process printed, kept in memory for error messages. Thread-safe. Internal to the harness. */
final class OutputTail {
    /** How many lines error messages show. */
    static final int DEFAULT_LINES = 20;

    private final int capacity;
    private final ArrayDeque<String> lines;

    OutputTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    /** Longer lines are cut in the tail (not on the console or in the log): error messages stay readable. */
    static final int MAX_LINE_CHARS = 1000;

    synchronized void add(String line) {
        if (line.length() > MAX_LINE_CHARS) {
            line = line.substring(0, MAX_LINE_CHARS) + "… (" + line.length() + " chars)";
        }
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** @return the kept lines, oldest first */
    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    static String format(List<String> lines) {
        if (lines.isEmpty()) {
            return "; it printed nothing";
        }
        StringBuilder sb = new StringBuilder("; last ").append(lines.size()).append(" lines of output:");
        for (String l : lines) {
            sb.append("\n    | ").append(l);
        }
        return sb.toString();
    }
}
