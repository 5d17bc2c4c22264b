package io.perfharness.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.perfharness.app.ab.AbGate;
import io.perfharness.app.ab.AbOutputs;
import io.perfharness.app.ab.AbResult;
import io.perfharness.app.ab.AbSettings;
import io.perfharness.app.ab.GitRepo;
import io.perfharness.app.ab.Side;
import io.perfharness.app.ab.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfharness ab --base REF [--head REF] [SCENARIO] [STEP]}: the CI regression gate in one command. */
@Command(name = "ab", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Measures a load step on two commits and says whether head regressed.",
                "Each side is checked out in a temporary git worktree (head: by default the",
                "working tree itself, uncommitted changes included) and built. Runs of the step",
                "then alternate between the sides in randomized, balanced order, each a fresh",
                "'perfharness run' (fresh services, fresh load generator). After --min-runs",
                "a side, and after every second block, a group-sequential test on the paired",
                "differences (base run i vs head run i) looks at every metric; it stops once",
                "a metric regressed or every required one is decided (p50 and p90 are watched:",
                "their regression fails the gate, but they need not be decided; --threshold",
                "p50=N requires it), or when the budget is used up. The false-alarm rate",
                "stays at --alpha over all looks and metrics, and so does the chance of calling",
                "a metric worse by its threshold unchanged. The worktrees are removed at the",
                "end, also on Ctrl-C. How it decides: reports/README.md, docs/ab.md.",
                "Example: perfharness ab --base origin/main http --markdown ab.md"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  no regression: every required metric decided", "  1  a metric regressed",
                "  2  bad input: flags, refs, scenario", "  3  a build or run failed",
                "  4  inconclusive: not decided within the budget (--inconclusive pass|fail to map it to 0 or 1)"})
final class AbCommand implements Callable<Integer> {
    /** Exit code of an inconclusive gate. */
    static final int INCONCLUSIVE = 4;

    @Option(names = "--base", paramLabel = "REF", required = true, description = "the commit to compare against (e.g. origin/main)")
    String base;

    @Option(names = "--head", paramLabel = "REF",
            description = "the commit measured (default: the working tree as it is, uncommitted changes included)")
    String head;

    @Parameters(paramLabel = "[SCENARIO] [STEP]", arity = "0..2",
            description = "scenario file in the repository (default: " + Target.DEFAULT_SCENARIO + ") and its load step"
                    + " (default: its only load step)")
    List<String> args = new ArrayList<>();

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "also write the result as markdown (it is appended to $GITHUB_STEP_SUMMARY when that is set)")
    Path markdown;

    @Option(names = "--html", paramLabel = "FILE", description = "also write a self-contained HTML page")
    Path html;

    @Mixin
    AbOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        GitRepo repo = GitRepo.at(options.repo);
        Target target = Target.of(repo, args);
        AbSettings settings = options.settings(target, spec.commandLine(), "ab");
        String baseCommit = repo.commit(base, "--base");
        String headCommit = head == null ? null : repo.commit(head, "--head");
        System.err.println("ab: " + target.scenario() + " step " + target.step() + "; reports in " + settings.out()
                + "; seed " + settings.seed());
        AbResult r;
        try (AbGate gate = new AbGate(repo, settings, System.err)) {
            Side b = gate.checkout("base", base, baseCommit);
            Side h = headCommit == null ? gate.workingTree() : gate.checkout("head", head, headCommit);
            r = gate.measure(b, h, start, settings.out());
        }
        String summary = System.getenv("GITHUB_STEP_SUMMARY");
        AbOutputs.write(r, markdown, html, summary == null || summary.isBlank() ? null : Path.of(summary));
        System.out.print(AbOutputs.text(r));
        System.out.flush();
        return options.exitCode(r.outcome());
    }
}
