package org.fr.benchmarks.gallery;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.fr.Embedding;
import org.fr.benchmarks.data.LfwEmbeddings;

/**
 * Real-face-like embeddings in any number: real faces (e.g. the LFW embeddings) repeated with jitter. Copy {@code i}
 * of a gallery of size {@code n} is face {@code i mod F} with independent Gaussian noise of standard deviation
 * {@code sigma} added to each component of its unit vector, then L2-normalised again; so each face's copies stay near
 * each other and near the face (cosine about {@code 1 / sqrt(1 + d sigma^2)} with the face) but are all distinct.
 * Probes are further jittered copies, never enrolled. Seeded: the same arguments give the same vectors. Not
 * thread-safe.
 */
final class JitteredFaces {
    private final List<LfwEmbeddings.Face> faces;
    private final double sigma;
    private final Random random;
    private double cosineSum;
    private long cosineCount;

    JitteredFaces(List<LfwEmbeddings.Face> faces, double sigma, long seed) {
        if (faces.isEmpty()) throw new IllegalArgumentException("no faces to jitter");
        if (!(sigma > 0)) throw new IllegalArgumentException("the jitter sigma must be positive: " + sigma);
        this.faces = faces;
        this.sigma = sigma;
        this.random = new Random(seed);
    }

    /** Identity {@code person-NNNNNN} (the index) and its single jittered embedding. */
    record Copy(String identity, int face, Embedding embedding) {}

    /** The {@code n} gallery copies: copy i of face {@code i mod F}. */
    List<Copy> gallery(int n) {
        List<Copy> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int f = i % faces.size();
            out.add(new Copy(String.format("%s-%06d", faces.get(f).person(), i), f, jitter(f)));
        }
        return out;
    }

    /** {@code n} probes: fresh jittered copies of faces spread evenly over the list (stride a prime). */
    List<Embedding> probes(int n) {
        List<Embedding> out = new ArrayList<>(n);
        for (int q = 0; q < n; q++) out.add(jitter((int) ((q * 7919L + 13) % faces.size())));
        return out;
    }

    /** The mean cosine between a face and its jittered copies made so far. */
    double meanCosineToFace() { return cosineCount == 0 ? Double.NaN : cosineSum / cosineCount; }

    private Embedding jitter(int face) {
        Embedding e = faces.get(face).embedding();
        float[] v = e.values();
        for (int i = 0; i < v.length; i++) v[i] += (float) (sigma * random.nextGaussian());
        Embedding copy = Embedding.normalised(e.modelId(), v);
        cosineSum += copy.cosine(e);
        cosineCount++;
        return copy;
    }
}
