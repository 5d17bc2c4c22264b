package io.perfharness.reports.io;

/**
 * File names made from names users choose (steps, scenarios, commits read from a report), so that
 * nothing written under a results or history folder can land outside it, be hidden, or look like an
 * option.
 */
public final class FileNames {
    /** Longest name made, in characters (file systems allow 255 bytes; room is left for what is added). */
    public static final int MAX_LENGTH = 100;

    private FileNames() {
    }

    /**
     * @return {@code name} with every character other than {@code A-Z a-z 0-9 . _ -} replaced by {@code _},
     *         a leading {@code .} or {@code -} replaced by {@code _} (so never {@code .}, {@code ..}, a hidden
     *         file or an option), at most {@value #MAX_LENGTH} characters; {@code _} for null or empty
     */
    public static String safe(String name) {
        if (name == null || name.isEmpty()) {
            return "_";
        }
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (s.charAt(0) == '.' || s.charAt(0) == '-') {
            s = "_" + s.substring(1);
        }
        return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) : s;
    }
}
