package io.perfharness.harness.probe;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Ready when a complete line of stdout or stderr contains a match of {@code pattern}. */
record BannerProbe(Pattern pattern) implements ReadinessProbe {

    @Override
    public Attempt begin(ProbeTarget target) {
        return new Attempt() {
            volatile boolean seen;
            final Consumer<String> listener = line -> {
                if (!seen && pattern.matcher(line).find()) {
                    seen = true;
                }
            };

            {
                target.addOutputListener(listener);
            }

            @Override
            public boolean ready(Duration timeLeft) {
                return seen;
            }

            @Override
            public void close() {
                target.removeOutputListener(listener);
            }
        };
    }

    @Override
    public String description() {
        return "banner /" + pattern.pattern() + "/";
    }
}
