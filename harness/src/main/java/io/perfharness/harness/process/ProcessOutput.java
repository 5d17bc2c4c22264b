package io.perfharness.harness.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.perfharness.harness.probe.ProbeTarget;

/**
 * Drains a process's stdout and stderr from the moment it starts (so a chatty process never blocks on
 * a full pipe) and hands every complete line to the console, the log file, the in-memory tail and
 * any listeners (banner probes).
 */
final class ProcessOutput {
    private final String name;
    private final Console console;
    private final String colour;
    private final OutputTail tail = new OutputTail(OutputTail.DEFAULT_LINES);
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final BufferedWriter log;
    private final List<Thread> pumps = new CopyOnWriteArrayList<>();

    ProcessOutput(String name, Console console, Path logFile) {
        this.name = name;
        this.console = console;
        this.colour = console.colourFor(name);
        BufferedWriter w = null;
        if (logFile != null) {
            try {
                Files.createDirectories(logFile.toAbsolutePath().getParent());
                w = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new HarnessException("cannot open log file " + logFile + ": " + e.getMessage(), e);
            }
        }
        this.log = w;
    }

    String name() {
        return name;
    }

    OutputTail tail() {
        return tail;
    }

    /** Listeners see every line from now on; register them before {@link #drain}. */
    void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<String> listener) {
        listeners.remove(listener);
    }

    /** @return this output as a probe sees it: lines to listen to */
    ProbeTarget asProbeTarget() {
        return new ProbeTarget() {
            @Override
            public void addOutputListener(Consumer<String> listener) {
                addListener(listener);
            }

            @Override
            public void removeOutputListener(Consumer<String> listener) {
                removeListener(listener);
            }
        };
    }

    /** A line from the harness about this process (a stale pid file removed): on the console, in the log and tail. */
    void note(String text) {
        record("[perfharness] " + text);
    }

    void drain(InputStream stdout, InputStream stderr) {
        pump(stdout, "out");
        pump(stderr, "err");
    }

    private void pump(InputStream in, String stream) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    accept(line);
                }
            } catch (IOException ignored) {
                // the stream closes when the process and every holder of the pipe are gone
            }
        }, "output-" + name + "-" + stream);
        t.setDaemon(true);
        pumps.add(t);
        t.start();
    }

    private void accept(String line) {
        record(line);
        for (Consumer<String> l : listeners) {
            l.accept(line);
        }
    }

    private void record(String line) {
        tail.add(line);
        console.print(name, colour, line);
        if (log != null) {
            synchronized (log) {
                try {
                    log.write(line);
                    log.newLine();
                    log.flush();
                } catch (IOException ignored) {
                    // a full disk must not stop the process being drained
                }
            }
        }
    }

    /**
     * Waits up to {@code millis} for both streams to reach end of stream: at once when the process and
     * everything that shares its pipes are gone, never when a daemon still holds them.
     *
     * @return whether both reached the end
     */
    boolean awaitEnd(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread t : pumps) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left > 0) {
                try {
                    t.join(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return pumps.stream().noneMatch(Thread::isAlive);
    }

    /** Waits up to {@code millis} for the pumps to reach end of stream, then closes the log. */
    void close(long millis) {
        awaitEnd(millis);
        if (log != null) {
            synchronized (log) {
                try {
                    log.close();
                } catch (IOException ignored) {
                    // nothing left to save
                }
            }
        }
    }
}
