package org.fr.benchmarks.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.fr.Embedding;

/**
 * The exact top-k by cosine over one embedding per row, by brute force (every dot product, in double): the reference
 * the galleries' recall is measured against. Immutable after construction; {@link #topK} is thread-safe.
 */
final class ExactSearch {
    private final int dimension;
    private final float[] rows;
    private final int count;

    ExactSearch(List<Embedding> embeddings) {
        count = embeddings.size();
        dimension = embeddings.get(0).dimension();
        rows = new float[count * dimension];
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < dimension; i++) rows[r * dimension + i] = embeddings.get(r).get(i);
        }
    }

    /** The rows of the {@code k} highest cosines with {@code probe}, best first (ties by lower row). */
    int[] topK(Embedding probe, int k) {
        float[] p = probe.values();
        int[] best = new int[k];
        double[] score = new double[k];
        java.util.Arrays.fill(score, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(best, -1);
        for (int r = 0; r < count; r++) {
            double s = 0;
            int base = r * dimension;
            for (int i = 0; i < dimension; i++) s += (double) p[i] * rows[base + i];
            if (s <= score[k - 1]) continue;
            int at = k - 1;
            while (at > 0 && s > score[at - 1]) {
                score[at] = score[at - 1];
                best[at] = best[at - 1];
                at--;
            }
            score[at] = s;
            best[at] = r;
        }
        return best;
    }

    /** {@link #topK} for every probe, in parallel over probes. */
    List<int[]> topKAll(List<Embedding> probes, int k) {
        int[][] out = new int[probes.size()][];
        IntStream.range(0, probes.size()).parallel().forEach(q -> out[q] = topK(probes.get(q), k));
        return new ArrayList<>(List.of(out));
    }
}
