package io.perfharness.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.perfharness.app.ab.AbGate;
import io.perfharness.app.ab.AbOutputs;
import io.perfharness.app.ab.AbResult;
import io.perfharness.app.ab.AbSettings;
import io.perfharness.app.ab.Bisection;
import io.perfharness.app.ab.GitRepo;
import io.perfharness.app.ab.Side;
import io.perfharness.app.ab.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfharness bisect --good REF --bad REF [SCENARIO] [STEP]}: the first commit that regresses. */
@Command(name = "bisect", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Finds the first commit after --good, up to --bad (first parents only),",
                "whose load step regresses against --good: git bisect with every step an 'ab'",
                "of that commit against good (same options, budget per step). Measures bad",
                "first; prints the culprit and its table.",
                "Example: perfharness bisect --good v1.2 --bad main http"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  bad does not regress against good", "  1  a regression: the culprit is printed",
                "  2  bad input: flags, refs (good must be a first-parent ancestor of bad), scenario",
                "  3  a build or run failed",
                "  4  inconclusive: a step was not decided within its budget (the range left is printed)"})
final class BisectCommand implements Callable<Integer> {

    @Option(names = "--good", paramLabel = "REF", required = true, description = "a commit without the regression")
    String good;

    @Option(names = "--bad", paramLabel = "REF", required = true, description = "a later commit with it")
    String bad;

    @Parameters(paramLabel = "[SCENARIO] [STEP]", arity = "0..2",
            description = "scenario file in the repository (default: " + Target.DEFAULT_SCENARIO + ") and its load step")
    List<String> args = new ArrayList<>();

    @Mixin
    AbOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GitRepo repo = GitRepo.at(options.repo);
        Target target = Target.of(repo, args);
        AbSettings settings = options.settings(target, spec.commandLine(), "bisect");
        String goodCommit = repo.commit(good, "--good");
        String badCommit = repo.commit(bad, "--bad");
        List<String> commits = repo.isAncestor(goodCommit, badCommit) ? repo.firstParentPath(goodCommit, badCommit) : List.of();
        if (commits.isEmpty() || !commits.get(commits.size() - 1).equals(badCommit)) {
            throw new InputException("--good " + good + " must be an ancestor of --bad " + bad
                    + " on its first-parent line, and not the same commit");
        }
        System.err.println("bisect: " + target.scenario() + " step " + target.step() + "; reports in " + settings.out()
                + "; seed " + settings.seed());
        Bisection.Outcome o;
        try (AbGate gate = new AbGate(repo, settings, System.err)) {
            Side g = gate.checkout("base", good, goodCommit);
            int[] step = {0};
            o = Bisection.run(commits, commit -> {
                long start = System.nanoTime();
                int n = ++step[0];
                String name = String.format("%02d-%s", n, commit.substring(0, 12));
                Side h = gate.checkout("head-" + name, commit.substring(0, 12), commit);
                try {
                    return gate.measure(g, h, start, settings.out().resolve(name));
                } finally {
                    gate.release(h);
                }
            }, repo, System.err);
        }
        System.out.println(switch (o.outcome()) {
            case REGRESSION -> "bisect: the first regressing commit is " + Bisection.describe(repo, o.culprit());
            case NO_REGRESSION -> "bisect: " + bad + " does not regress against " + good + "; nothing to find";
            case INCONCLUSIVE -> "bisect: INCONCLUSIVE: a step was not decided within its budget; the first regressing commit,"
                    + " if any, is between " + Bisection.describe(repo, o.first()) + " and " + Bisection.describe(repo, o.last());
        });
        System.out.println("bisect: " + o.steps() + " ab run(s); the deciding one:");
        System.out.print(AbOutputs.text(o.result()));
        System.out.flush();
        return options.exitCode(o.outcome());
    }
}
