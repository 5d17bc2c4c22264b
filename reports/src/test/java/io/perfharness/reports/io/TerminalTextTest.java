package io.perfharness.reports.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void controlCharactersAreShownEscaped() {
        assertThat(TerminalText.escape("a\r\nb\tc\u001b[2Jd\u0007\u007f\u009b1m\u202eevil"))
                .isEqualTo("a\\r\\nb\\tc\\e[2Jd\\x07\\x7f\\u009b1m\\u202eevil");
    }

    @Test
    void printableTextIsUnchanged() {
        String s = "flask-json p99 12.5 µs — Überlauf 日本";
        assertThat(TerminalText.escape(s)).isSameAs(s);
        assertThat(TerminalText.escape(null)).isEqualTo("null");
    }
}
