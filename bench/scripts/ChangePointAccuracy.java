import io.perfharness.reports.history.ChangePoint;
import io.perfharness.reports.history.ChangePoints;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How often does {@code trend} mark a change point where there is none, and how often does it find a
 * real one? Simulated histories of per-commit medians (one value per commit, normal noise with the
 * given coefficient of variation), searched with {@link ChangePoints} as {@code trend} does:
 * <ul>
 *   <li>no shift: the share of histories with any change point, with the default settings
 *       (p ≤ 0.05, change ≥ 5%) and with no minimum change (the test alone, nominally 5%);</li>
 *   <li>one shift of −10% or −20% in the middle: the share where a change point is found within one
 *       commit of it (default settings).</li>
 * </ul>
 * Run from the repository root, after building the jar:
 * <pre>
 *   java -cp app/target/perfharness.jar bench/scripts/ChangePointAccuracy.java [HISTORIES]
 * </pre>
 * HISTORIES per cell, default 200; seeded, so the table is the same on every machine.
 */
public final class ChangePointAccuracy {
    public static void main(String[] args) {
        int histories = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ChangePoints.Settings defaults = ChangePoints.Settings.defaults();
        System.out.printf(Locale.ROOT, "%d simulated histories per cell, normal noise; defaults: p <= %s, change >= %s%%%n%n",
                histories, defaults.pValue(), defaults.minChange() * 100);
        System.out.println("| commits | noise (CV) | no shift: any change point | no shift, min change 0 | shift -10% found | shift -20% found |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
        long started = System.nanoTime();
        for (int n : new int[] {10, 20, 40}) {
            for (double cv : new double[] {0.02, 0.05, 0.10}) {
                int falseDefault = 0;
                int falseAny = 0;
                int found10 = 0;
                int found20 = 0;
                for (int h = 0; h < histories; h++) {
                    long seed = h * 1_000_003L + n * 31L + Math.round(cv * 1000);
                    double[] flat = series(new Random(seed), n, cv, 0);
                    falseDefault += ChangePoints.detect(flat, defaults.withSeed(seed)).isEmpty() ? 0 : 1;
                    falseAny += ChangePoints.detect(flat, defaults.withMinChange(0).withSeed(seed)).isEmpty() ? 0 : 1;
                    found10 += near(ChangePoints.detect(series(new Random(seed), n, cv, -0.10), defaults.withSeed(seed)), n / 2) ? 1 : 0;
                    found20 += near(ChangePoints.detect(series(new Random(seed), n, cv, -0.20), defaults.withSeed(seed)), n / 2) ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, "| %d | %.0f%% | %s | %s | %s | %s |%n", n, cv * 100, share(falseDefault, histories),
                        share(falseAny, histories), share(found10, histories), share(found20, histories));
            }
        }
        System.out.printf(Locale.ROOT, "%n%.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** {@code n} commits around 1000 with noise of {@code cv}; from commit n/2 on, the level moves by {@code shift}. */
    static double[] series(Random random, int n, double cv, double shift) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double level = i < n / 2 ? 1000 : 1000 * (1 + shift);
            v[i] = level * (1 + cv * random.nextGaussian());
        }
        return v;
    }

    static boolean near(List<ChangePoint> cps, int at) {
        return cps.stream().anyMatch(c -> Math.abs(c.index() - at) <= 1);
    }

    static String share(int k, int n) {
        return String.format(Locale.ROOT, "%d/%d (%.1f%%)", k, n, 100.0 * k / n);
    }
}
