package org.fr.benchmarks.jmh;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.fr.Embedding;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.VectorStore;

/** Deterministic random galleries of unit vectors for the search benchmarks. Stateless. */
final class RandomGalleries {
    static final String MODEL = "bench/random";

    private RandomGalleries() {}

    static float[] unit(SplittableRandom r, int dim) {
        float[] v = new float[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) gaussian(r);
            n += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < dim; i++) v[i] *= inv;
        return v;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble(), w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * w);
    }

    /** A gallery of {@code rows} identities with one random unit vector each. */
    static FlatGallery gallery(int rows, int dim, VectorStore store, long seed) {
        FlatGallery g = FlatGallery.builder(MODEL, dim).store(store).initialCapacity(rows).build();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < rows; i++) g.enroll("id" + i, List.of(Embedding.ofUnitVector(MODEL, unit(r, dim))), Map.of());
        return g;
    }

    /** A random unit probe, deterministic for a seed. */
    static Embedding probe(long seed, int dim) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        return Embedding.normalised(MODEL, unit(r, dim));
    }
}
