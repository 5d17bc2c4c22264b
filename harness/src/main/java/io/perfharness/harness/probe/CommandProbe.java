package io.perfharness.harness.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ready when {@code argv} runs to completion with exit code 0, like a container health check.
 *
 * @param argv          the check, run without a shell
 * @param commandMillis how long one run may take, in ms, capped by the start-up time left; a run that
 *                      takes longer is killed with its descendants and counts as a miss
 */
record CommandProbe(List<String> argv, int commandMillis) implements ReadinessProbe {

    CommandProbe {
        argv = List.copyOf(argv);
    }

    @Override
    public Attempt begin(ProbeTarget target) {
        return new PolledAttempt() {
            @Override
            public boolean ready(Duration timeLeft) {
                Process p = null;
                try {
                    p = new ProcessBuilder(argv).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    p.getOutputStream().close();
                    long wait = Math.max(1, Math.min(commandMillis, timeLeft.toMillis()));
                    if (!p.waitFor(wait, TimeUnit.MILLISECONDS)) {
                        return notYet("did not finish within " + wait + " ms");
                    }
                    return p.exitValue() == 0 || notYet("exit code " + p.exitValue());
                } catch (IOException e) {
                    return notYet(e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } finally {
                    if (p != null && p.isAlive()) {
                        // a hung check (curl in a shell) must not outlive its run
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }
                }
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
