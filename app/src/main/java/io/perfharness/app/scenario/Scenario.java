package io.perfharness.app.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scenario file: named services, named steps, and the steps run when none are named.
 *
 * @param name         scenario name (the file's {@code name}, else its file name without extension)
 * @param file         the file it was read from
 * @param services     services by name, in file order
 * @param steps        steps by name, in file order
 * @param defaultSteps steps run by default, in order
 * @param build        the file's {@code build}: a command (argv) that {@code ab} and {@code bisect} run in this
 *                     file's directory of each side's checkout before its runs; empty when none ({@code run}
 *                     does not build)
 */
public record Scenario(String name, Path file, Map<String, ServiceSpec> services, Map<String, Step> steps,
                       List<String> defaultSteps, List<String> build) {

    public Scenario {
        build = List.copyOf(build);
    }

    /**
     * @param names step names to run, in order; empty for the defaults
     * @throws ScenarioException naming the unknown step and the known ones
     */
    public List<Step> select(List<String> names) {
        List<Step> out = new ArrayList<>();
        for (String n : names.isEmpty() ? defaultSteps : names) {
            Step s = steps.get(n);
            if (s == null) {
                throw new ScenarioException(file + ": unknown step '" + n + "' (steps: " + String.join(", ", steps.keySet()) + ")");
            }
            out.add(s);
        }
        return out;
    }
}
