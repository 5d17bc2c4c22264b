package io.perfharness.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.perfharness.reports.compare.CompareInput;
import io.perfharness.reports.compare.CompareSettings;
import io.perfharness.reports.compare.Comparison;
import io.perfharness.reports.compare.ComparisonFormat;
import io.perfharness.reports.compare.MetricComparison;
import io.perfharness.reports.gate.GateResult;
import io.perfharness.reports.gate.GateSyntaxException;
import io.perfharness.reports.gate.Gates;
import io.perfharness.reports.gate.UnknownEndpointException;
import io.perfharness.reports.html.HtmlReport;

/** Per-endpoint results: in the report file, in gates, in compare and in the HTML page. */
class EndpointResultsTest {

    @TempDir
    Path dir;

    static final LoadParameters PARAMS = new LoadParameters(List.of("http://127.0.0.1:8001/", "http://127.0.0.1:8001/checkout"),
            "GET", 2, 2, 5, 1, 5, null, Map.of(), null, List.of(), false,
            List.of(new LoadParameters.Endpoint("home", "GET", "http://127.0.0.1:8001/", Map.of(), null, 8),
                    new LoadParameters.Endpoint("checkout", "POST", "http://127.0.0.1:8001/checkout",
                            Map.of("Content-Type", "application/json"), LoadParameters.Body.of("{\"id\":1}"), 2)), null, false, false, 1);

    private static Histogram latencies(long n, long us) {
        Histogram h = new Histogram(1, 3_600_000_000L, 3);
        h.recordValueWithCount(us, n);
        return h;
    }

    /** A repetition of 5 s: home 800 requests at {@code homeUs}, checkout 200 at {@code checkoutUs} with 10 status 500s. */
    static Repetition repetition(long homeUs, long checkoutUs, String... names) {
        Histogram all = latencies(800, homeUs);
        all.add(latencies(200, checkoutUs));
        ErrorCounts fiveHundreds = new ErrorCounts(0, 0, 0, 0, new TreeMap<>(Map.of(500, 10L)), 0, 0, 0);
        List<EndpointReport> eps = new ArrayList<>();
        eps.add(EndpointReport.of(names.length > 0 ? names[0] : "home", 800, 5, ErrorCounts.NONE, latencies(800, homeUs),
                latencies(800, homeUs)));
        eps.add(EndpointReport.of(names.length > 1 ? names[1] : "checkout", 200, 5, fiveHundreds,
                latencies(200, checkoutUs), null));
        return Repetition.of(1000, 5, fiveHundreds, all, List.of()).withEndpoints(eps);
    }

    static RunReport report(long homeUs, long checkoutUs, int n, String... names) {
        List<Repetition> reps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reps.add(repetition(homeUs + i, checkoutUs + i, names));
        }
        return RunReport.ofRepetitions(Reports.meta("abc"), "s", "http", PARAMS, reps);
    }

    @Test
    void perEndpointResultsAndParametersSurviveTheFile() throws Exception {
        RunReport r = report(1000, 40_000, 3);
        Path file = dir.resolve("r.json");
        ReportFiles.write(r, file);
        RunReport back = ReportFiles.read(file);

        assertThat(back.load()).isEqualTo(PARAMS);
        assertThat(back.repetitions().get(0).endpoints()).isEqualTo(r.repetitions().get(0).endpoints());
        EndpointReport checkout = back.endpoint("checkout").orElseThrow();
        assertThat(checkout.requests()).isEqualTo(600);
        assertThat(checkout.durationSeconds()).isEqualTo(15);
        assertThat(checkout.requestsPerSecond()).isEqualTo(40);
        assertThat(checkout.errors().status()).containsEntry(500, 30L);
        assertThat(checkout.errorRate()).isEqualTo(0.05);
        assertThat(back.endpointTotals()).extracting(EndpointReport::name).containsExactly("home", "checkout");
    }

    @Test
    void endpointResultsWrittenBeforeTlsReadWithNoTlsErrors() throws Exception {
        RunReport r = report(1000, 40_000, 1);
        Path file = dir.resolve("old.json");
        ReportFiles.write(r, file);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        for (var e : tree.get("repetitions").get(0).get("endpoints")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("errors")).remove("tls");
        }
        Files.writeString(file, tree.toString());

        RunReport back = ReportFiles.read(file);
        assertThat(back.repetitions().get(0).endpoints()).isEqualTo(r.repetitions().get(0).endpoints());
        assertThat(back.endpoint("checkout").orElseThrow().errors().tls()).isZero();
    }

    @Test
    void endpointsThatDoNotAddUpAreRefusedNamingTheField() throws Exception {
        Path file = dir.resolve("bad.json");
        ReportFiles.write(report(1000, 40_000, 1), file);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) ReportFiles.mapper().readTree(file.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("repetitions").get(0).get("endpoints").get(1))
                .put("requests", 201).put("requestsPerSecond", 40.2);
        Files.writeString(file, tree.toString());
        assertThatThrownBy(() -> ReportFiles.read(file)).isInstanceOf(ReportFormatException.class)
                .hasMessageContaining("field 'repetitions[0].endpoints[1].histogram': holds 200 latencies, but requests is 201");
    }

    @Test
    void aReportWithoutEndpointsStillReads() throws Exception {
        RunReport plain = RunReport.ofRepetitions(Reports.meta("abc"), "s", "http", Reports.PARAMS,
                List.of(Reports.repetition(100, 500, 1)));
        Path file = dir.resolve("plain.json");
        ReportFiles.write(plain, file);
        // as written before endpoints existed: no "endpoints" fields at all
        String json = Files.readString(file).replaceAll(",\\s*\"endpoints\"\\s*:\\s*null", "");
        assertThat(json).doesNotContain("endpoints");
        Files.writeString(file, json);

        RunReport back = ReportFiles.read(file);
        assertThat(back.load().endpoints()).isNull();
        assertThat(back.repetitions().get(0).endpoints()).isNull();
        assertThat(back.endpointTotals()).isEmpty();
    }

    @Test
    void gatesNameAnEndpoint() {
        RunReport r = report(1000, 40_000, 3);

        var results = Gates.evaluate(Gates.parse(List.of("p99[checkout] < 50ms", "p99[home] < 2ms", "errorRate[checkout] < 1%",
                "errorRate[home] < 1%", "throughput[home] > 100", "requests[checkout] == 600")), r, List.of());

        assertThat(results.results()).extracting(GateResult::status).containsExactly(GateResult.Status.PASSED,
                GateResult.Status.PASSED, GateResult.Status.FAILED, GateResult.Status.PASSED, GateResult.Status.PASSED,
                GateResult.Status.PASSED);
        assertThat(results.results().get(2).message()).isEqualTo("errorRate[checkout] < 1%: 5.00%");
    }

    @Test
    void aGateNamingAnUnknownEndpointIsAnInputErrorNamingTheGate() {
        RunReport r = report(1000, 40_000, 1);
        assertThatThrownBy(() -> Gates.evaluate(Gates.parse(List.of("p99[cart] < 5ms")), r, List.of()))
                .isInstanceOf(UnknownEndpointException.class).isInstanceOf(GateSyntaxException.class)
                .hasMessage("gate 'p99[cart] < 5ms': no endpoint 'cart' in this load (it has home, checkout)");
        assertThatThrownBy(() -> Gates.parse("dropped[home] == 0")).hasMessageContaining("dropped has no value per endpoint");
        assertThatThrownBy(() -> Gates.parse("p99[home < 5ms")).hasMessageContaining("'[' without ']'");
        assertThatThrownBy(() -> Gates.parse("p99[a b] < 5ms")).hasMessageContaining("not an endpoint name");
    }

    @Test
    void compareShowsRowsForTheEndpointsBothSidesHave() {
        RunReport base = report(1000, 40_000, 5);
        RunReport head = report(1000, 80_000, 5, "home", "pay");

        Comparison c = Comparison.of(new CompareInput.Reports("base", List.of(base)), new CompareInput.Reports("head", List.of(head)),
                CompareSettings.defaults().withThreshold("p99[home]=20%"));

        List<String> names = c.metrics().stream().map(m -> m.metric().name()).toList();
        assertThat(names).contains("throughput[home]", "p50[home]", "p99[home]", "errorRate[home]")
                .noneMatch(n -> n.contains("checkout") || n.contains("pay"));
        MetricComparison p99Home = c.metrics().stream().filter(m -> m.metric().name().equals("p99[home]")).findFirst().orElseThrow();
        assertThat(p99Home.threshold()).isEqualTo(20);
        assertThat(c.warnings()).anyMatch(w -> w.startsWith("p99[checkout]: only in base"))
                .anyMatch(w -> w.startsWith("p99[pay]: only in head"));
        assertThat(ComparisonFormat.MARKDOWN.render(c)).contains("| p99\\[home\\] |");
        assertThat(ComparisonFormat.TEXT.render(c)).contains("p99[home]");
    }

    @Test
    void theHtmlPageHasAnEndpointsTable() {
        String html = HtmlReport.render(report(1000, 40_000, 2));
        assertThat(html).contains("<table id=\"endpoints\">").contains("<td class=\"text\">checkout</td>")
                .contains("POST http://127.0.0.1:8001/checkout").contains("<td>20.00%</td>");
        assertThat(HtmlReport.render(Reports.report("a", 2, 100, 500, 0.01, 1))).doesNotContain("id=\"endpoints\"");
    }
}
