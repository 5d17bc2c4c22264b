package io.perfharness.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.perfharness.reports.ReportFormatException;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.compare.CompareInput;
import io.perfharness.reports.compare.CompareSettings;
import io.perfharness.reports.compare.Comparison;
import io.perfharness.reports.compare.ComparisonFormat;
import io.perfharness.reports.history.ReportHistory;
import io.perfharness.reports.html.HtmlReport;
import io.perfharness.reports.io.OutputFile;
import io.perfharness.reports.io.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code perfharness compare BASE HEAD}: the regression gate. Exit 0 no regression, 1 regression, 2 bad
 * input (nothing is written then).
 */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Compares two perfharness reports, or two directories of them (every report in a directory",
                "is part of one distribution), or JMH -rf json results: per metric the change in %% with a",
                "confidence interval and a verdict. A regression needs statistical evidence AND a change",
                "beyond the metric's threshold (defaults: throughput -5%%, p50 +5%%, p90 +10%%, p99 +10%%,",
                "p99.9 +25%%, errorRate +0.1pp; JMH scores 5%%). Reports of named endpoints also get rows",
                "throughput[NAME], p50[NAME], p99[NAME], errorRate[NAME] for the endpoints both sides have.",
                "Example: perfharness compare perf-results/main perf-results/pr --format markdown",
                "         perfharness compare --baseline perf-history perf-results/pr.json"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  no regression", "  1  a metric regressed",
                "  2  bad input: missing file, malformed JSON, unknown schema version, incomparable reports"})
final class CompareCommand implements Callable<Integer> {

    @Parameters(paramLabel = "[BASE] HEAD", arity = "1..2",
            description = "report file, JMH result file, or directory of them; BASE is left out with --baseline")
    List<Path> files = new ArrayList<>();

    @Option(names = "--baseline", paramLabel = "DIR",
            description = "a history folder (run --history DIR): the base is the reports of HEAD's step stored for the"
                    + " merge-base of HEAD's commit with the main branch, else for its newest ancestor on it")
    Path baseline;

    @Mixin
    BaselineOptions git = new BaselineOptions();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, markdown or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "also write the result in FORMAT to FILE (replaced atomically; a link's target, a device or a FIFO"
                    + " is written through; never one of the inputs)")
    Path output;

    @Option(names = "--threshold", paramLabel = "METRIC=VALUE",
            description = "a metric's threshold, repeatable: throughput=5%%, p50=5%%, p99=15%%, p99.9=30%%, errorRate=0.5pp;"
                    + " one endpoint's: p99[checkout]=15%% (default: the whole load's); for JMH a benchmark's name or score=N%% for all")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "mwu",
            description = "statistical evidence: mwu (Mann-Whitney U, default) or bootstrap (interval of the change excludes 0)")
    String method;

    @Option(names = "--alpha", paramLabel = "P", defaultValue = "0.05",
            description = "significance level (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of the bootstrap (default: ${DEFAULT-VALUE}); the same inputs and seed give the same output")
    long seed;

    @Option(names = "--max-noise", paramLabel = "FACTOR", defaultValue = "3",
            description = "a metric whose repetitions vary (robust CV) by more than FACTOR x its threshold on either side"
                    + " is inconclusive, not a regression; 0: off (default: ${DEFAULT-VALUE})")
    double maxNoise;

    @Option(names = "--allow-mismatch",
            description = "compare reports made with different parameters (URL, connections, rate, duration, step)"
                    + " with a loud warning instead of refusing")
    boolean allowMismatch;

    @Option(names = "--html", paramLabel = "FILE",
            description = "also write a self-contained HTML page: verdicts, percentile plots and timelines of base and head overlaid")
    Path html;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ComparisonFormat fmt = ExitCodes.input(() -> ComparisonFormat.parse(format));
        CompareSettings settings = ExitCodes.input(this::settings);
        checkOutputs();
        CompareInput b;
        CompareInput h;
        if (baseline != null) {
            if (files.size() != 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "with --baseline give only HEAD, got " + files.size() + " files");
            }
            h = CompareInput.read(files.get(0));
            b = baselineFor(h);
        } else {
            if (files.size() != 2) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give BASE and HEAD (or --baseline DIR and HEAD)");
            }
            b = CompareInput.read(files.get(0));
            h = CompareInput.read(files.get(1));
        }
        CompareInput.refuseDuplicates(b, h);
        CompareInput base = b;
        CompareInput head = h;
        Comparison c = ExitCodes.input(() -> Comparison.of(base, head, settings));
        String rendered = fmt.render(c);
        String page = html == null ? null : HtmlReport.render(c, b, h);
        // everything that can fail on input has happened: now write
        for (String w : c.warnings()) {
            spec.commandLine().getErr().println("perfharness: WARNING: " + TerminalText.escape(w));
        }
        spec.commandLine().getErr().flush();
        if (output != null) {
            OutputFile.writeText(output, "-o", rendered);
        }
        if (page != null) {
            OutputFile.writeText(html, "--html", page);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(rendered);
        out.flush();
        return c.hasRegression() ? ExitCodes.GATE_FAILED : ExitCodes.OK;
    }

    /** Before any input is read: the outputs can be written and replace no input. */
    private void checkOutputs() {
        List<Path> inputs = new ArrayList<>(files);
        if (baseline != null) {
            inputs.add(baseline);
        }
        if (output != null) {
            OutputFile.checkWritable(output, "-o");
            OutputFile.refuseInputs(output, "-o", inputs);
        }
        if (html != null) {
            OutputFile.checkWritable(html, "--html");
            OutputFile.refuseInputs(html, "--html", inputs);
        }
    }

    /** The history's reports of HEAD's step for the merge-base of HEAD's commit with the main branch. */
    private CompareInput baselineFor(CompareInput head) {
        if (!(head instanceof CompareInput.Reports reports)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--baseline works with perfharness reports, not " + head.label());
        }
        if (!Files.isDirectory(baseline)) {
            throw new ReportFormatException(baseline + ": no such history directory");
        }
        RunReport first = reports.reports().get(0);
        String commit = first.meta().git() != null ? first.meta().git().commit() : "HEAD";
        ReportHistory history = new ReportHistory(baseline);
        ReportHistory.Baseline found = history.baseline(git.repo, git.mainBranch, commit, first.step())
                .orElseThrow(() -> new ReportFormatException(baseline + ": no report of step " + first.step()
                        + " for the merge-base of " + shortHash(commit) + " with " + git.mainBranch + " or any older commit on it"));
        spec.commandLine().getErr().println("perfharness: baseline: " + found.files().size() + " report(s) of "
                + TerminalText.escape(shortHash(found.commit())) + (found.mergeBase() ? " (the merge-base with " : " (newest with reports before the merge-base with ")
                + git.mainBranch + ")");
        // on the main branch HEAD is its own merge-base: its report, stored there already, is not its own baseline
        List<RunReport> others = found.reports().stream().filter(r -> !reports.reports().contains(r)).toList();
        if (others.isEmpty()) {
            throw new ReportFormatException(baseline + ": the baseline of " + shortHash(commit) + " holds only HEAD's own"
                    + " report(s); nothing else to compare with");
        }
        return new CompareInput.Reports(baseline.resolve(found.commit()).toString(), others);
    }

    private static String shortHash(String c) {
        return c.length() > 12 ? c.substring(0, 12) : c;
    }

    CompareSettings settings() {
        CompareSettings.Method m = switch (method.toLowerCase(Locale.ROOT)) {
            case "mwu", "mann-whitney" -> CompareSettings.Method.MANN_WHITNEY;
            case "bootstrap" -> CompareSettings.Method.BOOTSTRAP;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--method must be mwu or bootstrap, got '" + method + "'");
        };
        CompareSettings s = CompareSettings.defaults().with(alpha, m, seed).withAllowMismatch(allowMismatch)
                .withMaxNoise(maxNoise);
        for (String t : thresholds) {
            s = s.withThreshold(t);
        }
        return s;
    }
}
