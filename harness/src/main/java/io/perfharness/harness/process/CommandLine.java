package io.perfharness.harness.process;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line into an argument vector without running a shell. */
public final class CommandLine {
    private CommandLine() {
    }

    /**
     * Splits a command line into arguments like a shell would, without running one: spaces and tabs
     * separate; single or double quotes group (the quotes are removed, the other kind inside is kept);
     * no escapes, variables or globs. (commons-exec's {@code CommandLine.parse} was compared and is worse:
     * tabs do not separate and nested quotes are kept or lost; docs/dependencies.md.)
     *
     * @throws IllegalArgumentException when the line is blank or a quote is not closed
     */
    public static List<String> split(String commandLine) {
        if (commandLine == null || commandLine.isBlank()) {
            throw new IllegalArgumentException("command is empty");
        }
        List<String> out = new ArrayList<>();
        StringBuilder arg = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < commandLine.length(); i++) {
            char c = commandLine.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    arg.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArg = true;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inArg) {
                    out.add(arg.toString());
                    arg.setLength(0);
                    inArg = false;
                }
            } else {
                arg.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + quote + " quote in: " + commandLine);
        }
        if (inArg) {
            out.add(arg.toString());
        }
        return out;
    }
}
