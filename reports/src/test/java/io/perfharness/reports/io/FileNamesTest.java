package io.perfharness.reports.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void noNameLeavesItsFolderHidesOrLooksLikeAnOption() {
        Path folder = Path.of("/results");
        for (String hostile : new String[] {"..", ".", "../../x", "/etc/passwd", "a/../../b", "--output=PWNED",
                ".hidden", "x\ny", "", "\u0000"}) {
            String safe = FileNames.safe(hostile);
            assertThat(folder.resolve(safe).normalize().getParent()).as(hostile).isEqualTo(folder);
            assertThat(safe).as(hostile).matches("[A-Za-z0-9_][A-Za-z0-9._-]*");
        }
        assertThat(FileNames.safe("http-get.v2")).isEqualTo("http-get.v2");
        assertThat(FileNames.safe("x".repeat(300))).hasSize(FileNames.MAX_LENGTH);
    }
}
