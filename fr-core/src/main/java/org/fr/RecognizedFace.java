package org.fr;

import java.util.Objects;

/** A detected face together with its embedding. Immutable and thread-safe. */
public record RecognizedFace(DetectedFace face, Embedding embedding) {
    public RecognizedFace {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(embedding, "embedding");
    }
}
