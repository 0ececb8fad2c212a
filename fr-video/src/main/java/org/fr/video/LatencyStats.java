package org.fr.video;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Per-stage latency samples (nanoseconds) with percentile summaries. Keeps every sample (8 bytes each, so about
 * 5 MB for an hour at 30 fps and five stages). Thread-safe: recording and summarising may run on different threads.
 */
public final class LatencyStats {
    private final Map<Stage, long[]> samples = new EnumMap<>(Stage.class);
    private final Map<Stage, Integer> counts = new EnumMap<>(Stage.class);

    /** Records one sample of {@code stage}. */
    public synchronized void record(Stage stage, long nanos) {
        long[] s = samples.computeIfAbsent(stage, k -> new long[64]);
        int n = counts.getOrDefault(stage, 0);
        if (n == s.length) {
            s = Arrays.copyOf(s, n * 2);
            samples.put(stage, s);
        }
        s[n] = Math.max(0, nanos);
        counts.put(stage, n + 1);
    }

    /** The summary of one stage. */
    public synchronized StageSummary summary(Stage stage) {
        int n = counts.getOrDefault(stage, 0);
        if (n == 0) return new StageSummary(stage, 0, 0, 0, 0, 0);
        long[] s = Arrays.copyOf(samples.get(stage), n);
        Arrays.sort(s);
        long total = 0;
        for (long v : s) total += v;
        return new StageSummary(stage, n, ms(percentile(s, 0.50)), ms(percentile(s, 0.95)), ms(s[n - 1]), ms(total));
    }

    /** Summaries of all stages, in pipeline order (stages without samples included, with count 0). */
    public List<StageSummary> summaries() {
        return Arrays.stream(Stage.values()).map(this::summary).toList();
    }

    /** Nearest-rank percentile of sorted samples. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) { return nanos / 1e6; }
}
