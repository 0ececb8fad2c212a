package org.fr;

/**
 * The answer to "same person?": the cosine similarity of the two faces, the threshold applied and the decision
 * {@code similarity >= threshold}. Immutable and thread-safe.
 */
public record Verification(float similarity, float threshold, boolean same) {
    public static Verification of(float similarity, float threshold) {
        return new Verification(similarity, threshold, similarity >= threshold);
    }
}
