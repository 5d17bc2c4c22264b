package io.perfharness.harness.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.perfharness.harness.orchestration.Orchestrator;
import io.perfharness.harness.probe.Probes;
import io.perfharness.harness.probe.ReadinessProbe;

/**
 * Measures the harness, for the closing note of issue 3; not a test (nothing is asserted on time).
 * Run by {@code bench/harness/measure.sh}.
 *
 * <ol>
 *   <li><b>readiness latency</b>: from the moment a test server's port is open (it prints the epoch ns
 *       right after {@code listen()}) to the moment {@code start()} returns; the server opens it 300 ms
 *       after launch, when polling has backed off to its cap. TCP and HTTP probes.</li>
 *   <li><b>gunicorn stop time</b>: {@code stop()} of gunicorn with 2 workers (examples/flask-json).</li>
 *   <li><b>leaks</b>: start/stop cycles mixing the cases of the tests; after each, the live processes
 *       this JVM started (its children, and anything carrying its owner id) are counted.</li>
 * </ol>
 *
 * Arguments: {@code [starts=50] [gunicornStops=20] [cycles=200]}.
 */
public final class HarnessMeasurements {
    private final Path dir;

    private HarnessMeasurements(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int gunicornStops = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path dir = Files.createTempDirectory("perfharness-measure");
        HarnessMeasurements m = new HarnessMeasurements(dir);
        System.out.printf(Locale.ROOT, "perfharness harness measurements: %d cores, load %s%n",
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
        m.readinessLatency("tcp", starts, port -> Probes.tcp("127.0.0.1", port));
        m.readinessLatency("http", starts, port -> Probes.http("http://127.0.0.1:" + port + "/"));
        m.waitingCpu(Duration.ofSeconds(5));
        m.gunicornStopTime(gunicornStops);
        m.afterSigkill(5);
        int leaks = m.leaks(cycles);
        System.exit(leaks == 0 ? 0 : 1);
    }

    private interface ProbeFor {
        ReadinessProbe at(int port);
    }

    private void readinessLatency(String kind, int starts, ProbeFor probe) {
        double[] micros = new double[starts];
        for (int i = 0; i < starts; i++) {
            int port = TestServer.freePort();
            boolean raw = kind.equals("tcp");
            List<String> cmd = raw ? TestServer.command(dir, port, "--raw", "--delay", "0.3")
                    : TestServer.command(dir, port, "--delay", "0.3");
            ManagedProcess p = ManagedProcess.builder("latency").command(cmd).readiness(probe.at(port))
                    .startupTimeout(Duration.ofSeconds(60)).build();
            p.start();
            Instant ready = Instant.now();
            long opened = openedAt(p);
            micros[i] = (ready.getEpochSecond() * 1_000_000_000L + ready.getNano() - opened) / 1000.0;
            p.stop();
        }
        System.out.printf(Locale.ROOT, "readiness latency, %s probe, %d starts (port open -> start() returns): "
                + "median %.2f ms, p90 %.2f ms, min %.2f ms, max %.2f ms%n", kind, starts,
                pct(micros, 50) / 1000, pct(micros, 90) / 1000, pct(micros, 0) / 1000, pct(micros, 100) / 1000);
    }

    /**
     * CPU time the waiting thread uses while polling a port that never opens, as a share of one core:
     * the difference between waiting {@code wait} and twice as long, so the clean-up after the timeout
     * (the same in both) cancels out.
     */
    private void waitingCpu(Duration wait) {
        for (String kind : List.of("tcp", "http")) {
            long[] a = cpuAndWallOfTimeout(kind, wait);
            long[] b = cpuAndWallOfTimeout(kind, wait.multipliedBy(2));
            System.out.printf(Locale.ROOT, "CPU of the waiting thread while a %s probe polls a closed port: %.1f%% of one core%n",
                    kind, 100.0 * (b[0] - a[0]) / (b[1] - a[1]));
        }
    }

    private static long[] cpuAndWallOfTimeout(String kind, Duration wait) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int port = TestServer.freePort();
        ReadinessProbe probe = kind.equals("tcp") ? Probes.tcp("127.0.0.1", port) : Probes.http("http://127.0.0.1:" + port + "/");
        ManagedProcess p = ManagedProcess.builder("never").command("sleep 300").readiness(probe).startupTimeout(wait).build();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        try {
            p.start();
        } catch (ReadinessTimeoutException expected) {
            // waited the whole time
        }
        return new long[] {threads.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - t0};
    }

    /** @return the epoch ns the test server printed when its port opened */
    private static long openedAt(ManagedProcess p) {
        for (int i = 0; i < 1000; i++) { // the line may be a moment behind the open port
            for (String l : p.lastLines()) {
                if (l.startsWith("listening on ")) {
                    return Long.parseLong(l.substring(l.lastIndexOf(' ') + 1));
                }
            }
            sleep(5);
        }
        throw new IllegalStateException("no 'listening on' line: " + p.lastLines());
    }

    private ProcessSpec.Builder<ManagedProcess> gunicorn(int port, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/gunicorn", "--workers", "2", "--bind", "127.0.0.1:" + port));
        cmd.addAll(List.of(extra));
        cmd.add("wsgi:app");
        return ManagedProcess.builder("gunicorn").command(cmd).cwd(TestServer.repoRoot().resolve("examples/flask-json"))
                .readiness(Probes.http("http://127.0.0.1:" + port + "/health", "GET", null, "2xx"))
                .startupTimeout(Duration.ofSeconds(60));
    }

    private void gunicornStopTime(int stops) throws InterruptedException {
        double[] millis = new double[stops];
        for (int i = 0; i < stops; i++) {
            ManagedProcess p = gunicorn(TestServer.freePort()).build().start();
            GunicornTest.workersOf(p.pid());
            long t0 = System.nanoTime();
            p.stop();
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf(Locale.ROOT, "gunicorn (master + 2 workers) stop() on TERM, %d stops: median %.1f ms, "
                + "p90 %.1f ms, min %.1f ms, max %.1f ms%n", stops, pct(millis, 50), pct(millis, 90), pct(millis, 0), pct(millis, 100));
    }

    /** Time from SIGKILL of a harness JVM ({@link WatchdogChild}) until its managed process and watchdog are gone. */
    private void afterSigkill(int runs) throws Exception {
        double[] millis = new double[runs];
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < runs; i++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WatchdogChild.class.getName(), "wait")
                    .redirectErrorStream(true).start();
            String line;
            try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
                while ((line = out.readLine()) != null && !line.startsWith("started ")) {
                    // JVM noise
                }
                if (line == null) {
                    throw new IllegalStateException("the harness JVM exited with " + child.waitFor());
                }
                String[] f = line.split(" ");
                long sleeper = Long.parseLong(f[1]);
                long watchdog = Long.parseLong(f[3]);
                child.destroyForcibly();
                long t0 = System.nanoTime();
                child.waitFor();
                while ((ProcessTree.alive(sleeper) || ProcessTree.alive(watchdog)) && System.nanoTime() - t0 < 30_000_000_000L) {
                    Thread.sleep(1);
                }
                millis[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "harness JVM SIGKILLed, %d runs: its managed process and watchdog gone after "
                + "median %.0f ms, max %.0f ms%n", runs, pct(millis, 50), pct(millis, 100));
    }

    private int leaks(int cycles) {
        Map<String, Consumer<Integer>> cases = new LinkedHashMap<>();
        cases.put("sleep as a string", port -> ManagedProcess.builder("s").command("sleep 300").build().start().stop());
        cases.put("sleep as argv, killed", port -> ManagedProcess.builder("s").command(List.of("sleep", "300")).build().start().kill());
        cases.put("tcp server", port -> ManagedProcess.builder("tcp").command(TestServer.command(dir, port, "--raw"))
                .readiness(Probes.tcp("127.0.0.1", port)).build().start().stop());
        cases.put("http 500 then 200", port -> ManagedProcess.builder("http").command(TestServer.command(dir, port, "--fail-for", "0.3"))
                .readiness(Probes.http("http://127.0.0.1:" + port + "/")).build().start().stop());
        cases.put("ignores TERM", port -> ManagedProcess.builder("stubborn").command(TestServer.command(dir, port, "--ignore-term"))
                .readiness(Probes.tcp("127.0.0.1", port)).stopGrace(Duration.ofMillis(200)).build().start().stop());
        cases.put("double-forked daemon", port -> {
            Path pid = dir.resolve("daemon-" + port + ".pid");
            ManagedProcess.builder("daemon").command(List.of("sh", "-c",
                            "(setsid sh -c \"$0\" </dev/null >/dev/null 2>&1 &); exit 0", "echo $$ > '" + pid + "'; exec sleep 300"))
                    .readiness(Probes.pidFile(pid)).build().start().stop();
        });
        cases.put("dies at start-up", port -> expect(ProcessExitedException.class, () -> ManagedProcess.builder("dies")
                .command(List.of("sh", "-c", "sleep 300 & echo fatal >&2; exit 3")).readiness(Probes.tcp("127.0.0.1", port))
                .build().start()));
        cases.put("readiness timeout", port -> expect(ReadinessTimeoutException.class, () -> ManagedProcess.builder("slow")
                .command("sleep 300").readiness(Probes.tcp("127.0.0.1", port)).startupTimeout(Duration.ofMillis(300)).build().start()));
        cases.put("5 MB before banner", port -> ManagedProcess.builder("chatty").command(List.of("sh", "-c",
                        "head -c 5000000 /dev/zero | tr '\\0' 'x' | fold -w 100; echo READY >&2; exec sleep 300"))
                .readiness(Probes.banner("^READY$")).build().start().stop());
        cases.put("stopped() block throws", port -> {
            ManagedProcess p = ManagedProcess.builder("tcp").command(TestServer.command(dir, port, "--raw"))
                    .readiness(Probes.tcp("127.0.0.1", port)).build().start();
            try (ManagedProcess.Stopped down = p.stopped()) {
                throw new IllegalStateException("block fails");
            } catch (IllegalStateException expected) {
                // restarted all the same
            }
            p.stop();
        });
        cases.put("orchestrator, one fails", port -> expect(ProcessExitedException.class, () -> Orchestrator.builder()
                .add(ManagedProcess.builder("db").command(TestServer.command(dir, port, "--raw")).readiness(Probes.tcp("127.0.0.1", port)).build())
                .add(ManagedProcess.builder("api").command(List.of("sh", "-c", "exit 2")).readiness(Probes.banner("x")).build(), "db")
                .add(ManagedProcess.builder("side").command("sleep 300").build())
                .build().start()));
        cases.put("gunicorn 2 workers", port -> gunicorn(port).build().start().stop());
        cases.put("gunicorn, master SIGKILLed", port -> {
            ManagedProcess p = gunicorn(port).build().start();
            ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            p.awaitExit(Duration.ofSeconds(30)); // else stop() may still see it alive, and stop it itself
            expect(ProcessExitedException.class, p::stop);
        });
        cases.put("gunicorn --daemon --pid", port -> {
            Path pid = dir.resolve("gunicorn-" + port + ".pid");
            gunicorn(port, "--daemon", "--pid", pid.toString())
                    .readiness(Probes.allOf(Probes.pidFile(pid), Probes.http("http://127.0.0.1:" + port + "/health", "GET", null, "2xx")))
                    .build().start().stop();
        });

        List<String> names = new ArrayList<>(cases.keySet());
        Map<String, Integer> leaked = new LinkedHashMap<>();
        int total = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            String name = names.get(i % names.size());
            cases.get(name).accept(TestServer.freePort());
            int left = leftBehind().size();
            if (left > 0) {
                System.out.println("cycle " + i + " (" + name + ") left " + leftBehind());
            }
            leaked.merge(name, left, Integer::sum);
            total += left;
        }
        System.out.printf(Locale.ROOT, "leaks: %d start/stop cycles over %d cases in %.0f s: %d processes left behind%s%n",
                cycles, names.size(), (System.nanoTime() - t0) / 1e9, total, total == 0 ? "" : " " + leaked);
        System.out.println("  cases: " + String.join("; ", names));
        return total;
    }

    /** @return pids of live processes this JVM started: its children, and anything carrying its owner id */
    private static List<Long> leftBehind() {
        List<Long> pids = new ArrayList<>(ProcessHandle.current().descendants()
                .filter(h -> ProcessTree.alive(h.pid())).map(ProcessHandle::pid).toList());
        for (long pid : ProcessTree.withVariable(ProcessTree.OWNER_VARIABLE, ProcessTree.ownerId())) {
            if (!pids.contains(pid)) {
                pids.add(pid);
            }
        }
        return pids;
    }

    private static void expect(Class<? extends RuntimeException> type, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            if (type.isInstance(e)) {
                return;
            }
            throw e;
        }
        throw new IllegalStateException("expected " + type.getSimpleName());
    }

    private static double pct(double[] values, int p) {
        double[] v = values.clone();
        Arrays.sort(v);
        if (p == 50 && v.length % 2 == 0) {
            return (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }
}
