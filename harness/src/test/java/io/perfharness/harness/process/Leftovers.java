package io.perfharness.harness.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** What tests outside this package may ask of the harness's internals: live processes, cgroups, ports. */
public final class Leftovers {
    private Leftovers() {
    }

    /** @return whether {@code pid} is alive and not a zombie */
    public static boolean alive(long pid) {
        return ProcessTree.alive(pid);
    }

    /** @return the pids still in any cgroup this JVM made for a managed process */
    public static List<Long> inOurCgroups() {
        List<Long> pids = new ArrayList<>();
        Path base = Cgroup.base();
        if (base == null) {
            return pids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, Files::isDirectory)) {
            for (Path d : dirs) {
                for (String line : Files.readAllLines(d.resolve("cgroup.procs"))) {
                    if (!line.isBlank()) {
                        pids.add(Long.parseLong(line.trim()));
                    }
                }
            }
        } catch (IOException e) {
            // removed meanwhile
        }
        return pids;
    }

    /** @return whether a TCP connection to {@code host:port} is accepted within 250 ms */
    public static boolean accepting(String host, int port) {
        return PortOwners.accepting(host, port);
    }

    /** @return a pid listening on {@code port}, when visible */
    public static OptionalLong listener(int port) {
        return PortOwners.listener(port);
    }
}
