package io.perfharness.harness.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ready when {@code argv} runs to completion with exit code 0, like a container health check. */
record CommandProbe(List<String> argv, int commandMillis) implements ReadinessProbe {

    CommandProbe {
        argv = List.copyOf(argv);
    }

    @Override
    public Attempt begin(ProbeTarget target) {
        return new Attempt() {
            String seen;

            @Override
            public boolean ready(Duration timeLeft) {
                Process p = null;
                try {
                    p = new ProcessBuilder(argv).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    long wait = Math.max(1, Math.min(commandMillis, timeLeft.toMillis()));
                    if (!p.waitFor(wait, TimeUnit.MILLISECONDS)) {
                        seen = "did not finish within " + wait + " ms";
                        return false;
                    }
                    seen = "exit code " + p.exitValue();
                    return p.exitValue() == 0;
                } catch (IOException e) {
                    seen = e.getMessage();
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } finally {
                    if (p != null && p.isAlive()) {
                        p.destroyForcibly();
                    }
                }
            }

            @Override
            public String lastSeen() {
                return seen;
            }
        };
    }

    @Override
    public String description() {
        return "command " + String.join(" ", argv);
    }

    @Override
    public boolean survivesExit() {
        return true;
    }
}
