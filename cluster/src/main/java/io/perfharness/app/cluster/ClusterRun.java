package io.perfharness.app.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.perfharness.app.run.FramedReport;
import io.perfharness.app.run.RunningServices;
import io.perfharness.app.run.Summary;
import io.perfharness.app.scenario.Scenario;
import io.perfharness.app.scenario.Step;
import io.perfharness.harness.process.Console;
import io.perfharness.reports.AgentPart;
import io.perfharness.reports.ConcurrentMerge;
import io.perfharness.reports.ReportFiles;
import io.perfharness.reports.RunMeta;
import io.perfharness.reports.RunReport;
import io.perfharness.reports.html.HtmlReport;

/**
 * One load step made by N agents together: the step's services start once, here (not in every agent); the
 * agents run through an {@link AgentEngine}, each making its segment of the load from the same instant; their
 * reports are merged exactly (histograms added: {@link ConcurrentMerge}) into one report of the step, which says
 * who made which part. The caller judges the step's gates on it.
 */
public final class ClusterRun {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * How the run goes and where its results go.
     *
     * @param out        where headers and the summary go
     * @param console    where the services' output goes
     * @param agents     how many agents, ≥ 1
     * @param startDelay from the moment the agents are launched to their common start, long enough for every one
     *                   to be up (JVM start; on Kubernetes, scheduling and the image pull)
     * @param deadline   how long the agents may take in all, or null for the start delay, the load's own time and
     *                   {@code slack}
     * @param slack      the allowance on top of the load's time when no deadline is given
     * @param services   whether to start the step's services here
     * @param repeat     repetitions of the load in every agent, ≥ 1
     * @param reportFile where the merged report goes, or null for {@code resultsDir}/TIME-COMMIT-STEP.json
     * @param resultsDir folder of reports and logs (the agents' logs and reports go to {@code logs/})
     * @param htmlFile   where the merged report's HTML page goes, or null
     * @param repo       the git work tree whose commit the report records
     */
    public record Options(PrintStream out, Console console, int agents, Duration startDelay, Duration deadline,
                          Duration slack, boolean services, int repeat, Path reportFile, Path resultsDir, Path htmlFile,
                          Path repo) {
    }

    /**
     * The merged report as written.
     *
     * @param file   where it was written
     * @param report what it holds
     */
    public record Saved(Path file, RunReport report) {
    }

    private final Scenario scenario;
    private final Step.Load step;
    private final Options options;
    private final Path logDir;

    /**
     * @param step the load step, its load already the whole load with every override applied
     */
    public ClusterRun(Scenario scenario, Step.Load step, Options options) {
        this.scenario = scenario;
        this.step = step;
        this.options = options;
        this.logDir = logDir(options.resultsDir(), scenario);
    }

    /** @return the folder of this run's agent logs and reports */
    public Path logDir() {
        return logDir;
    }

    static Path logDir(Path resultsDir, Scenario scenario) {
        return resultsDir.resolve("logs").resolve(RUN_ID.format(Instant.now()) + "-" + scenario.name() + "-cluster");
    }

    /** @return the plan of the agents, starting {@code startDelay} from now */
    public AgentPlan plan() {
        List<String> args = new ArrayList<>(LoadFlags.of(step.load()));
        if (options.repeat() > 1) {
            args.add("--repeat=" + options.repeat());
        }
        Duration load = step.load().warmup().plus(step.load().duration().multipliedBy(options.repeat()))
                .plus(Duration.ofMillis(200L * (options.repeat() - 1)));
        Duration deadline = options.deadline() != null ? options.deadline()
                : options.startDelay().plus(load).plus(options.slack());
        return new AgentPlan(jobName(step.name()), options.agents(), args, Instant.now().plus(options.startDelay()), deadline);
    }

    /** @return a Job name: {@code perfharness-STEP-yyyyMMdd-HHmmss}, in the characters and length Kubernetes allows */
    static String jobName(String step) {
        String s = step.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        if (s.length() > 20) {
            s = s.substring(0, 20).replaceAll("-$", "");
        }
        return "perfharness-" + (s.isEmpty() ? "load" : s) + "-" + RUN_ID.format(Instant.now());
    }

    /**
     * Starts the step's services (unless told not to), runs the agents, stops the services, merges, writes and
     * shows the report.
     *
     * @throws AgentFailedException when an agent failed or handed back no report
     */
    public Saved run(AgentEngine engine) {
        PrintStream out = options.out();
        List<AgentOutput> outputs;
        try (RunningServices services = new RunningServices(scenario.services(), options.console(), logDir, out)) {
            if (options.services()) {
                services.startFor(step.services());
            }
            AgentPlan plan = plan();
            out.printf(Locale.ROOT, "   %d agents (%s) of %d connections%s, all starting at %s (in %s)%n", plan.agents(),
                    engine.name(), step.load().connections(),
                    step.load().rate() == null ? "" : String.format(Locale.ROOT, " at %.1f req/s", step.load().rate()),
                    plan.startAt(), seconds(options.startDelay()));
            outputs = engine.run(plan, out);
        }
        List<RunReport> reports = new ArrayList<>();
        for (AgentOutput o : outputs) {
            RunReport r = FramedReport.extract(o.lines(), logDir.resolve("agent-" + o.index() + ".json"));
            if (r == null) {
                throw new AgentFailedException("agent " + o.index() + "/" + options.agents() + " (" + o.where()
                        + ") ended without printing its report; last lines of its output:" + o.tail(20));
            }
            AgentPart part = r.agents() == null || r.agents().size() != 1 ? null : r.agents().get(0);
            if (part == null || part.index() != o.index() || part.count() != options.agents()) {
                throw new AgentFailedException("agent " + o.index() + "/" + options.agents() + " (" + o.where()
                        + ") handed back the report of " + (part == null ? "no agent" : "agent " + part.segment()));
            }
            reports.add(r);
        }
        RunReport merged;
        if (reports.size() == 1) {
            merged = reports.get(0);
        } else {
            ConcurrentMerge m = ConcurrentMerge.of(reports);
            m.warnings().forEach(w -> out.println("  warning: " + w));
            merged = m.report();
        }
        // the coordinator's facts (the commit under test, its time); each agent's host is in its part
        RunReport report = RunReport.ofRepetitions(RunMeta.collect(options.repo().toAbsolutePath()), scenario.name(),
                step.name(), merged.load(), merged.repetitions()).withAgents(merged.agents());
        Path file = options.reportFile() != null ? options.reportFile() : ReportFiles.defaultPath(options.resultsDir(), report);
        ReportFiles.write(report, file);
        out.print(Summary.of(report));
        out.print(AgentsSummary.of(report));
        out.println("  report: " + file + " (each agent's in " + logDir + ")");
        if (options.htmlFile() != null) {
            HtmlReport.write(report, options.htmlFile());
            out.println("  html: " + options.htmlFile());
        }
        return new Saved(file, report);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3gs", d.toNanos() / 1e9);
    }
}
