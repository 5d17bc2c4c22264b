package io.perfharness.app.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.perfharness.app.run.Repetitions;
import io.perfharness.app.run.ReportOutput;
import io.perfharness.app.scenario.Durations;
import io.perfharness.loadgen.LoadResult;
import io.perfharness.loadgen.LoadSpec;
import io.perfharness.loadgen.ProgressLine;
import io.perfharness.loadgen.ProgressListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code perfharness load URL...}: a load of an already running server, with wrk's flags. */
@Command(name = "load", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Loads already running HTTP servers, like wrk (closed model) or wrk2 (--rate, open model).",
                "Example: perfharness load -t2 -c16 -d10s http://127.0.0.1:8080/"})
final class LoadCommand implements Callable<Integer> {

    @Parameters(paramLabel = "URL", arity = "1..*", description = "http:// URLs, requested round-robin")
    List<String> urls;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", description = "connections to keep open (default 10)")
    Integer connections;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "event loops (default: cores, at most N connections)")
    Integer threads;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", description = "measured duration, e.g. 10s (default 10s)")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "unrecorded warm-up before it (default 1s)")
    String warmup;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "per-request timeout (default 5s)")
    String timeout;

    @Option(names = {"-R", "--rate"}, paramLabel = "REQ/S", description = "open model: requests per second in total")
    Double rate;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "request header, repeatable")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-m", "--method"}, paramLabel = "METHOD", description = "HTTP method (default GET)")
    String method;

    @Option(names = "--body", paramLabel = "TEXT", description = "request body")
    String body;

    @Option(names = "--expect-status", paramLabel = "CODE", split = ",",
            description = "statuses that count as success (e.g. 200,204); any other is an error, by code (default: any status below 400)")
    List<Integer> expectStatus;

    @Option(names = "--expect-json", description = "parse a few sampled response bodies a second as JSON; each invalid one is a 'body' error")
    boolean expectJson;

    @Option(names = "--report", paramLabel = "FILE", description = "write the report here; default RESULTS/<time>-<commit>-load.json")
    Path report;

    @Option(names = "--results", paramLabel = "DIR", defaultValue = "perf-results", description = "folder of reports (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "run the load N times (warm-up before the first only); the report keeps every repetition (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--history", paramLabel = "DIR", description = "also keep the report in DIR/<commit>/")
    Path history;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the report as a self-contained HTML page")
    Path html;

    @Option(names = {"-q", "--quiet"}, description = "no progress line")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "stack traces on errors")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    LoadSpec spec() {
        List<URI> targets = new ArrayList<>();
        for (String u : urls) {
            URI uri;
            try {
                uri = new URI(u);
            } catch (java.net.URISyntaxException e) {
                throw usage("'" + u + "' is not a URL: " + e.getReason());
            }
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw usage("'" + u + "' is not an http:// URL with a host");
            }
            targets.add(uri);
        }
        try {
            LoadSpec.Builder b = LoadSpec.builder(targets.get(0)).urls(targets);
            if (connections != null) {
                b.connections(connections);
            }
            if (threads != null) {
                b.threads(threads);
            }
            if (duration != null) {
                b.duration(Durations.parse(duration));
            }
            if (warmup != null) {
                b.warmup(Durations.parse(warmup));
            }
            if (timeout != null) {
                b.timeout(Durations.parse(timeout));
            }
            if (rate != null) {
                b.rate(rate);
            }
            if (method != null) {
                b.method(method.toUpperCase(Locale.ROOT));
            }
            if (body != null) {
                b.body(body);
            }
            if (expectStatus != null) {
                b.expectStatus(expectStatus);
            }
            b.expectJson(expectJson);
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw usage("-H '" + h + "': expected 'Name: value'");
                }
                b.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        ReportOutput.checkLocations(report, report == null ? results : null, html, history);
        LoadSpec load = spec();
        boolean terminal = System.console() != null;
        System.out.printf(Locale.ROOT, "perfharness: load %s %s, %d connections, %d threads, %s warm-up + %s%n",
                load.method(), load.urls().get(0), load.connections(), load.threads(),
                Durations.format(load.warmup()), Durations.format(load.duration()));
        if (repeat < 1) {
            throw usage("--repeat must be at least 1, got " + repeat);
        }
        List<LoadResult> runs = Repetitions.run(load, repeat,
                () -> quiet ? ProgressListener.NONE : new ProgressLine(System.out, terminal),
                i -> System.out.printf(Locale.ROOT, "repetition %d/%d%n", i, repeat));
        ReportOutput.save(runs, null, "load", report, results, html, history, System.out);
        return ExitCodes.OK;
    }
}
