package io.perfharness.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import io.perfharness.reports.ConcurrentMerge;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.compare.CompareInput;
import io.perfharness.reports.io.OutputFile;
import io.perfharness.reports.io.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfharness merge A.json B.json ... -o ALL.json}: one report of load generators that ran together. */
@Command(name = "merge", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Adds up the reports of load generators that loaded the same system at the same time",
                "(from several machines): histograms, counts and errors added, repetition by repetition.",
                "Example: perfharness merge gen1.json gen2.json -o all.json"},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  merged", "  2  bad input: a report cannot be read or holds impossible values, the same report is given twice,",
                "     -o is an input, or the reports cannot have run together"})
final class MergeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "REPORT", arity = "2..*", description = "reports of one step, same duration and repetitions")
    List<Path> inputs = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "the merged report (never one of the inputs)")
    Path output;

    @Mixin
    Verbosity verbosity = new Verbosity();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OutputFile.checkWritable(output, "-o");
        OutputFile.refuseInputs(output, "-o", inputs);
        List<RunReport> reports = inputs.stream().map(ReportFiles::read).toList();
        // the same generator's report twice would count its requests twice
        CompareInput.refuseDuplicates(IntStream.range(0, inputs.size())
                .mapToObj(i -> new CompareInput.Reports(inputs.get(i).toString(), List.of(reports.get(i)))).toList());
        ConcurrentMerge merged = ExitCodes.input(() -> ConcurrentMerge.of(reports));
        for (String w : merged.warnings()) {
            spec.commandLine().getErr().println("perfharness: WARNING: " + TerminalText.escape(w));
        }
        spec.commandLine().getErr().flush();
        OutputFile.write(output, "-o", out -> ReportFiles.mapper().writeValue(out, merged.report()));
        RunReport r = merged.report();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "merged %d reports: %d requests, %.1f req/s, %d connections, p99 %.3f ms, errors %d%n  report: %s%n",
                reports.size(), r.requests(), r.requestsPerSecond(), r.load().connections(), r.latency().p99Us() / 1000.0,
                r.errors().total(), TerminalText.escape(output.toString()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
