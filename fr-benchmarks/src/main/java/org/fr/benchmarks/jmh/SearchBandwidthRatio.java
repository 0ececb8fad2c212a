package org.fr.benchmarks.jmh;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link GallerySearchBenchmark} (float32) and {@link SequentialPassBenchmark} in one run over the same
 * gallery sizes and prints, per size, the search time, the plain-pass time and their ratio as JSON lines:
 * {@code {"rows":R,"search_us":S,"pass_us":P,"ratio":S/P}}. Usage: {@code SearchBandwidthRatio [ROWS,ROWS...]}.
 */
public final class SearchBandwidthRatio {
    private SearchBandwidthRatio() {}

    public static void main(String[] args) throws RunnerException {
        String[] rows = (args.length > 0 ? args[0] : "10000,1000000").split(",");
        Options opts = new OptionsBuilder()
                .include(GallerySearchBenchmark.class.getSimpleName() + ".top10")
                .include(SequentialPassBenchmark.class.getSimpleName() + ".pass")
                .param("rows", rows)
                .param("store", "FLOAT32")
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Double> search = new HashMap<>(), pass = new HashMap<>();
        for (RunResult r : results) {
            String n = r.getParams().getParam("rows");
            double score = r.getPrimaryResult().getScore();
            if (r.getParams().getBenchmark().endsWith("top10")) search.put(n, score);
            else pass.put(n, score);
        }
        for (String n : rows) {
            double s = search.get(n), p = pass.get(n);
            System.out.printf("{\"rows\":%s,\"search_us\":%.1f,\"pass_us\":%.1f,\"ratio\":%.3f}%n", n, s, p, s / p);
        }
    }
}
