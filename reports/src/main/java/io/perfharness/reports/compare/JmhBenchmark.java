package io.perfharness.reports.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark of a JMH {@code -rf json} result file: its primary metric.
 *
 * @param benchmark  fully qualified benchmark method
 * @param params     {@code @Param} values, by name
 * @param mode       {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param unit       score unit ({@code ops/s}, {@code ns/op}, ...)
 * @param score      JMH's score
 * @param scoreError JMH's half-width of the 99.9% interval (within forks only)
 * @param rawData    measured iteration scores, one list per fork
 */
public record JmhBenchmark(String benchmark, Map<String, String> params, String mode, String unit,
                           double score, double scoreError, List<List<Double>> rawData) {

    public JmhBenchmark {
        params = new TreeMap<>(params == null ? Map.of() : params);
        List<List<Double>> copy = new ArrayList<>();
        (rawData == null ? List.<List<Double>>of() : rawData).forEach(f -> copy.add(List.copyOf(f)));
        rawData = List.copyOf(copy);
    }

    /** @return the benchmark's short name (class and method) with its parameters: {@code Json.parse:size=10} */
    public String key() {
        String[] parts = benchmark.split("\\.");
        String shortName = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
        if (params.isEmpty()) {
            return shortName;
        }
        StringBuilder sb = new StringBuilder(shortName);
        String sep = ":";
        for (var e : params.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return sb.toString();
    }

    /** @return the mean score of each fork; {@code {score}} when the file has no raw data */
    public double[] forkMeans() {
        if (rawData.isEmpty()) {
            return new double[] {score};
        }
        return rawData.stream().filter(f -> !f.isEmpty())
                .mapToDouble(f -> f.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN))
                .toArray();
    }

    /** @return every measured iteration score, fork after fork */
    public List<Double> iterations() {
        List<Double> all = new ArrayList<>();
        rawData.forEach(all::addAll);
        return all;
    }
}
