package io.perfharness.harness.process;

import java.time.Duration;
import java.util.List;

import io.perfharness.harness.probe.Probes;

/**
 * A harness JVM for {@link WatchdogTest}: starts a managed process, prints
 * {@code started <pid> <owner id> <watchdog pid>}, then waits to be killed ({@code wait}) or exits
 * normally ({@code exit}).
 */
public final class WatchdogChild {
    private WatchdogChild() {
    }

    public static void main(String[] args) throws Exception {
        ManagedProcess p = ManagedProcess.builder("sleeper").command(List.of("sh", "-c", "echo up; exec sleep 300"))
                .readiness(Probes.banner("^up$")).startupTimeout(Duration.ofSeconds(60)).build().start();
        System.out.println("started " + p.pid() + " " + ProcessTree.ownerId() + " " + Watchdog.pid());
        System.out.flush();
        if (args.length > 0 && args[0].equals("exit")) {
            return; // the shutdown hook stops the sleeper
        }
        Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
}
