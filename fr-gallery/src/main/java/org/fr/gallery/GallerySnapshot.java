package org.fr.gallery;

import java.util.List;
import java.util.Objects;

import org.fr.Gallery;
import org.fr.GalleryIdentity;

/**
 * Everything a gallery holds, as plain values: what is saved to and loaded from files, and what a gallery is
 * rebuilt from. Immutable and thread-safe.
 *
 * @param modelId    the model every embedding carries
 * @param dimension  the embeddings' length
 * @param threshold  the open-set decision threshold (cosine)
 * @param scoring    how identities with several embeddings are scored
 * @param identities the identities, in any order
 */
public record GallerySnapshot(String modelId, int dimension, float threshold, Gallery.Scoring scoring,
                              List<GalleryIdentity> identities) {
    public GallerySnapshot {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(scoring, "scoring");
        if (dimension <= 0) throw new IllegalArgumentException("dimension must be positive: " + dimension);
        if (!(threshold >= -1f && threshold <= 1f)) throw new IllegalArgumentException("threshold must lie in [-1, 1]: " + threshold);
        identities = List.copyOf(identities);
        for (GalleryIdentity id : identities) {
            for (var e : id.embeddings()) {
                if (!e.modelId().equals(modelId) || e.dimension() != dimension) {
                    throw new IllegalArgumentException("identity " + id.name() + " holds an embedding of model "
                            + e.modelId() + "/" + e.dimension() + ", expected " + modelId + "/" + dimension);
                }
            }
        }
    }

    /** Number of embeddings over all identities. */
    public int embeddingCount() {
        return identities.stream().mapToInt(i -> i.embeddings().size()).sum();
    }
}
