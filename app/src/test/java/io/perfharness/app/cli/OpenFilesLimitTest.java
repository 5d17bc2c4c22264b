package io.perfharness.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;

/** More connections than open files: refused before the load, exit 2 every time, one line saying what to run. */
class OpenFilesLimitTest {

    @RepeatedTest(3)
    void moreConnectionsThanOpenFilesIsRefusedUpFront() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("sh", "-c", "ulimit -n 1024 && exec \"$0\" -cp \"$1\" io.perfharness.app.cli.Main"
                + " load -c 2000 -d 1s http://127.0.0.1:9/", java, System.getProperty("java.class.path"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out.strip().lines().count()).as(out).isEqualTo(1);
        assertThat(out).contains("2000 connections need up to 4256 open files, but this process may open 1024")
                .contains("ulimit -n");
    }
}
