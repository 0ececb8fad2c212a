package org.fr.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.Match;

/** Random unit vectors and a brute-force, double-precision reference search for the gallery tests. */
final class GalleryTestData {
    static final String MODEL = "test-model";

    private GalleryTestData() {}

    static float[] randomUnit(Random rnd, int d) {
        float[] v = new float[d];
        double n = 0;
        for (int i = 0; i < d; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += (double) v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < d; i++) v[i] *= inv;
        return v;
    }

    static Embedding randomEmbedding(Random rnd, int d) {
        return Embedding.normalised(MODEL, randomUnit(rnd, d));
    }

    /** {@code base} plus isotropic gaussian noise of norm about {@code noise}, normalised. */
    static Embedding noisy(Random rnd, Embedding base, double noise) {
        int d = base.dimension();
        float[] v = base.values();
        double sigma = noise / Math.sqrt(d);
        for (int i = 0; i < d; i++) v[i] += (float) (rnd.nextGaussian() * sigma);
        return Embedding.normalised(base.modelId(), v);
    }

    /** Identities name-0000.. with 1..maxPer random embeddings each, in insertion order. */
    static Map<String, List<Embedding>> randomIdentities(Random rnd, int identities, int maxPer, int d) {
        Map<String, List<Embedding>> out = new LinkedHashMap<>();
        for (int i = 0; i < identities; i++) {
            int n = 1 + rnd.nextInt(maxPer);
            List<Embedding> list = new ArrayList<>();
            for (int j = 0; j < n; j++) list.add(randomEmbedding(rnd, d));
            out.put(String.format("id-%05d", i), list);
        }
        return out;
    }

    static void enrolAll(Gallery g, Map<String, List<Embedding>> ids) {
        ids.forEach((name, list) -> g.enroll(name, list, Map.of()));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    record Ref(String identity, double similarity) {}

    /** The exact ranking of every identity, in double precision: by similarity desc, then name. */
    static List<Ref> reference(Map<String, List<Embedding>> ids, Embedding probe, Gallery.Scoring scoring) {
        float[] p = probe.values();
        List<Ref> all = new ArrayList<>();
        ids.forEach((name, list) -> {
            double score;
            if (scoring == Gallery.Scoring.MAX) {
                score = Double.NEGATIVE_INFINITY;
                for (Embedding e : list) score = Math.max(score, dot(e.values(), p));
            } else {
                double[] sum = new double[p.length];
                for (Embedding e : list) {
                    float[] v = e.values();
                    for (int i = 0; i < v.length; i++) sum[i] += v[i];
                }
                double norm = 0;
                for (double x : sum) norm += x * x;
                double s = 0;
                for (int i = 0; i < p.length; i++) s += sum[i] * p[i];
                score = s / Math.sqrt(norm);
            }
            all.add(new Ref(name, score));
        });
        all.sort(Comparator.comparingDouble((Ref r) -> -r.similarity()).thenComparing(Ref::identity));
        return all;
    }

    /**
     * The gallery's answer equals the reference's top k: same length, similarities to 1e-5, and the same names
     * wherever the reference has no near-tie (within 2e-5) at that rank.
     */
    static void assertMatchesReference(List<Match> actual, List<Ref> reference, int k) {
        int n = Math.min(k, reference.size());
        assertThat(actual).hasSize(n);
        for (int i = 0; i < n; i++) {
            Ref ref = reference.get(i);
            assertThat((double) actual.get(i).similarity()).as("similarity at rank %d", i)
                    .isCloseTo(ref.similarity(), within(1e-5));
            boolean nearTie = (i > 0 && reference.get(i - 1).similarity() - ref.similarity() < 2e-5)
                    || (i + 1 < reference.size() && ref.similarity() - reference.get(i + 1).similarity() < 2e-5);
            if (!nearTie) assertThat(actual.get(i).identity()).as("identity at rank %d", i).isEqualTo(ref.identity());
        }
    }
}
