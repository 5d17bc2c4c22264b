package io.perfharness.loadgen;

import java.util.List;

/**
 * The stages of a load as functions of time since the measured window began, in seconds: the value
 * (rate in requests/s, or connections) at a time, its integral (requests intended so far, in the open
 * model) and that integral's inverse, which gives the intended send times. Each stage goes linearly
 * from the previous stage's value (0 before the first) to its own; a stage of duration 0 is a jump.
 * Immutable.
 */
final class StageSchedule {

    private final int size;
    /** Stage i spans [start[i], start[i + 1]) s. */
    private final double[] start;
    /** Value at the start of stage i (the previous stage's), and at its end. */
    private final double[] from;
    private final double[] to;
    /** Integral of the value over [0, start[i]). */
    private final double[] before;
    private final double first;
    private final double max;

    /** @param stages at least one, all of one kind */
    StageSchedule(List<Stage> stages) {
        size = stages.size();
        start = new double[size + 1];
        from = new double[size];
        to = new double[size];
        before = new double[size + 1];
        double v = 0;
        double m = 0;
        for (int i = 0; i < size; i++) {
            Stage s = stages.get(i);
            double d = s.duration().toNanos() / 1e9;
            from[i] = v;
            to[i] = s.value();
            start[i + 1] = start[i] + d;
            before[i + 1] = before[i] + (from[i] + to[i]) / 2 * d;
            v = to[i];
            m = Math.max(m, v);
        }
        first = stages.get(0).value();
        max = m;
    }

    /** @return the stages' total length, s */
    double totalSeconds() {
        return start[size];
    }

    /** @return the first stage's value (what the warm-up holds) */
    double first() {
        return first;
    }

    /** @return the largest value of any stage */
    double max() {
        return max;
    }

    /** @return index of the stage that holds time {@code s} (the last one at or after the end; a 0 s stage never) */
    int stageAt(double s) {
        for (int i = 0; i < size; i++) {
            if (s < start[i + 1]) {
                return i;
            }
        }
        return size - 1;
    }

    /** @return the end of the first stage ending after {@code s}, s; {@link Double#POSITIVE_INFINITY} if none */
    double nextBoundary(double s) {
        for (int i = 1; i <= size; i++) {
            if (start[i] > s) {
                return start[i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** @return the value at time {@code s} (≥ 0); after the end, the last stage's */
    double valueAt(double s) {
        if (s >= start[size]) {
            return to[size - 1];
        }
        int i = stageAt(Math.max(0, s));
        double d = start[i + 1] - start[i];
        return from[i] + (to[i] - from[i]) * (Math.max(0, s) - start[i]) / d;
    }

    /** @return the integral of the value over [0, s] (requests intended by then, in the open model); s ≥ 0 */
    double integral(double s) {
        if (s >= start[size]) {
            return before[size] + to[size - 1] * (s - start[size]);
        }
        int i = stageAt(Math.max(0, s));
        double x = Math.max(0, s) - start[i];
        double slope = (to[i] - from[i]) / (start[i + 1] - start[i]);
        return before[i] + from[i] * x + slope * x * x / 2;
    }

    /**
     * @param n a value of the integral, ≥ 0
     * @return the earliest time at which {@link #integral} reaches {@code n}, s; {@link Double#POSITIVE_INFINITY}
     *         if it never does within the stages
     */
    double timeOfIntegral(double n) {
        for (int i = 0; i < size; i++) {
            if (n < before[i + 1]) {
                double x = n - before[i];
                double d = start[i + 1] - start[i];
                double a = from[i];
                double k = (to[i] - a) / d;
                // a·s + k·s²/2 = x, written so that it holds for k = 0 and stays exact for small k
                double root = Math.sqrt(Math.max(0, a * a + 2 * k * x));
                return start[i] + (a + root > 0 ? 2 * x / (a + root) : 0);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** @return the connections at time {@code s}: {@link #valueAt} rounded to the nearest whole one */
    int connectionsAt(double s) {
        return (int) Math.floor(valueAt(s) + 0.5);
    }

    /**
     * @return the first time after {@code s} at which {@link #connectionsAt} changes, s;
     *         {@link Double#POSITIVE_INFINITY} if it does not change again within the stages
     */
    double nextConnectionChange(double s) {
        int c = connectionsAt(s);
        for (int i = stageAt(Math.max(0, s)); i < size && s < start[size]; i++) {
            double d = start[i + 1] - start[i];
            if (d > 0 && to[i] != from[i]) {
                // the value crosses c ± 0.5 at this time within the stage
                double edge = to[i] > from[i] ? c + 0.5 : c - 0.5;
                // 1 µs past the crossing, so that the rounded value has changed there whatever the float error
                double t = start[i] + (edge - from[i]) * d / (to[i] - from[i]) + 1e-6;
                if (t > s && t < start[i + 1]) {
                    return t;
                }
            }
            if (start[i + 1] > s && connectionsAt(start[i + 1]) != c) {
                return start[i + 1];
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
