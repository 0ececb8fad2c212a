package org.fr;

import java.util.Arrays;
import java.util.Objects;

/**
 * A face embedding: an L2-normalised float vector produced by one model. It knows its model id, so
 * embeddings of different models are never compared by mistake. Immutable and thread-safe (the vector
 * is copied in and out).
 */
public final class Embedding {
    private static final double UNIT_TOLERANCE = 1e-3;

    private final String modelId;
    private final float[] values;

    private Embedding(String modelId, float[] values) {
        this.modelId = modelId;
        this.values = values;
    }

    /** Normalises {@code raw} to unit length; fails on an empty, non-finite or all-zero vector. */
    public static Embedding normalised(String modelId, float[] raw) {
        Objects.requireNonNull(modelId, "modelId");
        if (raw.length == 0) throw new IllegalArgumentException("embedding of model " + modelId + " is empty");
        double sum = 0;
        for (float v : raw) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("embedding of model " + modelId + " holds a non-finite value");
            }
            sum += (double) v * v;
        }
        if (sum == 0) throw new IllegalArgumentException("embedding of model " + modelId + " is all zeros");
        float inv = (float) (1.0 / Math.sqrt(sum));
        float[] out = new float[raw.length];
        for (int i = 0; i < raw.length; i++) out[i] = raw[i] * inv;
        return new Embedding(modelId, out);
    }

    /** Wraps a vector that must already be L2-normalised (checked to 1e-3), e.g. one read back from storage. */
    public static Embedding ofUnitVector(String modelId, float[] unit) {
        double sum = 0;
        for (int i = 0; i < unit.length; i++) {
            float v = unit[i];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("embedding of model " + modelId + " holds a non-finite value at index " + i);
            }
            sum += (double) v * v;
        }
        if (!(Math.abs(Math.sqrt(sum) - 1.0) <= UNIT_TOLERANCE)) {
            throw new IllegalArgumentException("embedding of model " + modelId + " is not unit length (norm "
                    + Math.sqrt(sum) + ")");
        }
        return new Embedding(Objects.requireNonNull(modelId, "modelId"), unit.clone());
    }

    public String modelId() { return modelId; }

    public int dimension() { return values.length; }

    /** A copy of the unit vector. */
    public float[] values() { return values.clone(); }

    public float get(int i) { return values[i]; }

    /**
     * Cosine similarity in [-1, 1] (the dot product of the unit vectors).
     *
     * @throws IllegalArgumentException if the other embedding comes from another model or has another dimension
     */
    public float cosine(Embedding other) {
        requireCompatible(other);
        double dot = 0;
        for (int i = 0; i < values.length; i++) dot += values[i] * other.values[i];
        return (float) Math.max(-1.0, Math.min(1.0, dot));
    }

    /** Squared L2 distance between the unit vectors, {@code 2 - 2 * cosine}, in [0, 4]. */
    public float squaredDistance(Embedding other) {
        return 2f - 2f * cosine(other);
    }

    public void requireCompatible(Embedding other) {
        if (!modelId.equals(other.modelId) || values.length != other.values.length) {
            throw new IllegalArgumentException("cannot compare embeddings of different models: " + modelId + "/"
                    + values.length + " vs " + other.modelId + "/" + other.values.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && e.modelId.equals(modelId) && Arrays.equals(e.values, values);
    }

    @Override
    public int hashCode() { return 31 * modelId.hashCode() + Arrays.hashCode(values); }

    @Override
    public String toString() { return "Embedding[" + modelId + ", dim=" + values.length + "]"; }
}
