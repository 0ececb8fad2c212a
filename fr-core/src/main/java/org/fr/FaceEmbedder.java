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

    /**
     * Cosine thresholds calibrated for given false-match rates on labelled data (key: the false-match rate, e.g.
     * {@code 1e-3}); empty when the model has not been calibrated. Galleries default to the {@code 1e-3} one.
     */
    default java.util.SortedMap<Double, Float> calibratedThresholds() {
        return java.util.Collections.emptySortedMap();
    }

    Embedding embed(AlignedFace face);

    /** Embeds many faces, in one model run where the model allows; the result follows the input order. */
    List<Embedding> embedAll(List<AlignedFace> faces);

    @Override
    void close();
}
