package org.fr.gallery.solr;

import java.util.Random;

import org.fr.Embedding;

/** Seeded random unit vectors standing in for face embeddings: people, and noisy views of them. */
final class RandomFaces {
    static final String MODEL = "test-model";
    static final int DIMENSION = 512;

    private final Random random;

    RandomFaces(long seed) {
        random = new Random(seed);
    }

    float[] person() {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian();
        return v;
    }

    /** A view of a person: its vector plus Gaussian noise of the given relative size. */
    Embedding view(float[] person, double noise) {
        double norm = 0;
        for (float f : person) norm += f * f;
        double scale = noise * Math.sqrt(norm / DIMENSION);
        float[] v = new float[DIMENSION];
        for (int i = 0; i < v.length; i++) v[i] = (float) (person[i] + scale * random.nextGaussian());
        return Embedding.normalised(MODEL, v);
    }
}
