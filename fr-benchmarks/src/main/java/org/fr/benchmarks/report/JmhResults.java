package org.fr.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The results of a JMH run written with {@code -rf json}: per benchmark method and parameter set, the median
 * ({@code p50} of {@code SampleTime} mode, else the score) in milliseconds. Immutable after reading.
 */
final class JmhResults {
    record Row(String benchmark, Map<String, String> params, double p50Ms, double scoreMs) {}

    private final List<Row> rows;

    private JmhResults(List<Row> rows) {
        this.rows = rows;
    }

    static JmhResults read(Path json) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (json == null || !Files.isRegularFile(json)) return new JmhResults(rows);
        for (JsonNode n : new ObjectMapper().readTree(json.toFile())) {
            String name = n.get("benchmark").asText();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            Map<String, String> params = new java.util.TreeMap<>();
            if (n.has("params")) n.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode pm = n.get("primaryMetric");
            double unit = toMillis(pm.get("scoreUnit").asText());
            double score = pm.get("score").asDouble() * unit;
            JsonNode pct = pm.get("scorePercentiles");
            double p50 = pct != null && pct.has("50.0") ? pct.get("50.0").asDouble() * unit : score;
            rows.add(new Row(shortName, params, p50, score));
        }
        return new JmhResults(rows);
    }

    private static double toMillis(String unit) {
        String u = unit.substring(0, unit.indexOf('/'));
        return switch (u) {
            case "ns" -> 1e-6;
            case "us" -> 1e-3;
            case "ms" -> 1;
            case "s" -> 1e3;
            default -> throw new IllegalArgumentException("unknown JMH unit " + unit);
        };
    }

    /** The p50 of {@code Class.method} whose parameters include all of {@code params} (key, value, key, value...). */
    OptionalDouble p50(String benchmark, String... params) {
        for (Row r : rows) {
            if (!r.benchmark().equals(benchmark)) continue;
            boolean all = true;
            for (int i = 0; i < params.length; i += 2) all &= params[i + 1].equals(r.params().get(params[i]));
            if (all) return OptionalDouble.of(r.p50Ms());
        }
        return OptionalDouble.empty();
    }

    List<Row> rows() { return rows; }

    boolean isEmpty() { return rows.isEmpty(); }
}
