package io.perfharness.reports;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where and when a run happened.
 *
 * @param git       git state of the work tree the run was started in; {@code null} outside git
 * @param timestamp UTC start time, ISO-8601 ({@code 2026-11-23T14:10:39Z})
 * @param host      host name
 * @param cores     available processors
 * @param jvm       JVM vendor and version
 * @param os        operating system name, version and architecture
 */
public record RunMeta(GitInfo git, String timestamp, String host, int cores, String jvm, String os) {

    /** Collects the facts of this machine now, and the git state of {@code workDir}. */
    public static RunMeta collect(Path workDir) {
        return new RunMeta(
                GitInfo.detect(workDir).orElse(null),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                hostName(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "unknown";
        }
    }
}
