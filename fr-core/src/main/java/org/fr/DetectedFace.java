package org.fr;

import java.util.Objects;
import java.util.Optional;

/**
 * One face found by a {@link FaceDetector}: its box, a confidence score in [0, 1] and, when the detector
 * provides them, five alignment landmarks. Immutable and thread-safe.
 */
public record DetectedFace(BoundingBox box, float score, Landmarks landmarks) {
    public DetectedFace {
        Objects.requireNonNull(box, "box");
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("score must lie in [0, 1]: " + score);
        }
    }

    public Optional<Landmarks> landmarksIfPresent() { return Optional.ofNullable(landmarks); }

    public DetectedFace withLandmarks(Landmarks l) { return new DetectedFace(box, score, l); }
}
