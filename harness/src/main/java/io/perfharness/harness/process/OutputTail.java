package io.perfharness.harness.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last lines a process printed, kept in memory for error messages. Thread-safe. */
public final class OutputTail {
    /** How many lines error messages show. */
    public static final int DEFAULT_LINES = 20;

    private final int capacity;
    private final ArrayDeque<String> lines;

    public OutputTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** @return the kept lines, oldest first */
    public synchronized List<String> lines() {
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
