package io.perfharness.app.ab;

import io.perfharness.app.cli.InputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.perfharness.app.scenario.Scenario;
import io.perfharness.app.scenario.ScenarioLoader;
import io.perfharness.app.scenario.Step;

/**
 * What {@code ab} measures: a scenario file, by its path inside the repository (so each side runs its
 * own version of it), and one of its load steps.
 *
 * @param scenario the scenario's path relative to the repository's root
 * @param step     the load step's name
 */
public record Target(String scenario, String step) {

    /** The scenario measured when none is named, relative to the repository's root. */
    public static final String DEFAULT_SCENARIO = "examples/flask-json/scenario.yaml";

    /**
     * @param repo the repository
     * @param args {@code [SCENARIO] [STEP]}: a scenario file (relative to the current directory, else to the
     *             repository's root) and a load
     *             step; without a scenario the default one, without a step the scenario's only load step
     * @throws IllegalArgumentException (exit 2) when the scenario is missing or outside the repository, or
     *                                  the step is not a load step of it
     * @throws io.perfharness.app.scenario.ScenarioException (exit 2) when the scenario is malformed
     */
    public static Target of(GitRepo repo, List<String> args) {
        List<String> rest = new ArrayList<>(args);
        Path file;
        if (!rest.isEmpty() && looksLikeScenario(rest.get(0))) {
            Path given = Path.of(rest.remove(0));
            file = (Files.exists(given) || given.isAbsolute() ? given : repo.root().resolve(given)).toAbsolutePath().normalize();
        } else {
            file = repo.root().resolve(DEFAULT_SCENARIO);
            if (!Files.isRegularFile(file)) {
                throw new InputException("no SCENARIO given and " + repo.root() + " has no " + DEFAULT_SCENARIO);
            }
        }
        if (rest.size() > 1) {
            throw new InputException("ab measures one load step, got " + String.join(" ", rest));
        }
        Path root = repo.root().toAbsolutePath().normalize();
        Path real = file;
        try {
            real = file.toRealPath();
            root = root.toRealPath();
        } catch (java.io.IOException e) {
            throw new InputException(file + ": no such scenario file");
        }
        if (!real.startsWith(root)) {
            throw new InputException(file + ": the scenario must be inside the repository " + root
                    + " (each side runs its own version of it)");
        }
        Scenario s = ScenarioLoader.load(real);
        List<String> loads = s.steps().values().stream().filter(st -> st instanceof Step.Load).map(Step::name).toList();
        String step;
        if (rest.isEmpty()) {
            if (loads.size() != 1) {
                throw new InputException(real + ": name the load step to measure (" + (loads.isEmpty()
                        ? "it has none" : "it has " + String.join(", ", loads)) + ")");
            }
            step = loads.get(0);
        } else {
            step = rest.get(0);
            if (!loads.contains(step)) {
                throw new InputException(real + ": '" + step + "' is not a load step (load steps: "
                        + (loads.isEmpty() ? "none" : String.join(", ", loads)) + ")");
            }
        }
        return new Target(root.relativize(real).toString(), step);
    }

    private static boolean looksLikeScenario(String arg) {
        return arg.endsWith(".yaml") || arg.endsWith(".yml") || arg.endsWith(".json") || arg.contains("/")
                || Files.isRegularFile(Path.of(arg));
    }
}
