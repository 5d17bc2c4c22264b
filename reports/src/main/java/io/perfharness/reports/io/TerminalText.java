package io.perfharness.reports.io;

/**
 * Text from inputs (report fields, file and folder names, git subjects) made safe to print: control
 * characters are shown escaped instead of acting on the terminal, so a step named "x", CR, ESC "[2J"
 * cannot erase the screen, forge a line of output or hide one.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /**
     * @return {@code text} with CR, LF and tab as {@code \r \n \t}, ESC as {@code \e}, every other C0 or C1
     *         control character, DEL, and the Unicode bidirectional overrides as {@code \xNN} / backslash-u-NNNN;
     *         {@code "null"} for null. Printable text, including non-ASCII letters, is unchanged.
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement == null) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            sb.append(replacement);
        }
        return sb == null ? text : sb.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case 0x1b:
                return "\\e";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if (c >= 0x80 && c <= 0x9f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
