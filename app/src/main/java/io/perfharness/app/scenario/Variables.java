package io.perfharness.app.scenario;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in scenario strings from the environment, as a
 * shell or docker-compose would; {@code $$} is a literal {@code $}. Nothing else is interpreted.
 */
final class Variables {
    private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;

    Variables(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @throws IllegalArgumentException naming the variable when it is unset and has no default
     */
    String expand(String text) {
        if (text == null || text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            refuseBrokenReference(text, last, m.start());
            last = m.end();
            String value;
            if (m.group().equals("$$")) {
                value = "$";
            } else {
                value = env.get(m.group(1));
                if (value == null || (value.isEmpty() && m.group(2) != null)) {
                    if (m.group(2) == null) {
                        throw new IllegalArgumentException("environment variable " + m.group(1)
                                + " is not set (write ${" + m.group(1) + ":-default} for a default)");
                    }
                    value = m.group(2);
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        refuseBrokenReference(text, last, text.length());
        m.appendTail(sb);
        return sb.toString();
    }

    /** A {@code ${} that is not a whole {@code ${NAME}} or {@code ${NAME:-default}} is a mistake, not text. */
    private static void refuseBrokenReference(String text, int from, int to) {
        int at = text.substring(from, to).indexOf("${");
        if (at >= 0) {
            throw new IllegalArgumentException("'" + text + "': '${' at column " + (from + at + 1)
                    + " starts no ${NAME} or ${NAME:-default} (unterminated, or not a variable name; write $$ for a literal $)");
        }
    }
}
