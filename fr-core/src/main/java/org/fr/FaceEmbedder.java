package org.fr;

import java.util.List;

/**
 * Turns aligned faces into L2-normalised embeddings. Implementations are thread-safe and hold native
 * resources, so they must be closed.
 */
public interface FaceEmbedder extends AutoCloseable {
    /** The id of the model (e.g. {@code faceplugin/fr_feature}); every embedding carries it. */
    String modelId();

    /** Length of the embeddings. */
    int dimension();

    /**
     * The cosine similarity at or above which two faces are judged the same person, as calibrated for this
     * model (see the README for how).
     */
    float defaultThreshold();

    Embedding embed(AlignedFace face);

    /** Embeds many faces, in one model run where the model allows; the result follows the input order. */
    List<Embedding> embedAll(List<AlignedFace> faces);

    @Override
    void close();
}
