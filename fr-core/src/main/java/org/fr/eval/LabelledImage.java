package org.fr.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.fr.BoundingBox;

/**
 * One image of a detection test set and its ground-truth face boxes (empty for an image known to hold no face).
 * Immutable and thread-safe.
 */
public record LabelledImage(Path image, List<BoundingBox> faces) {
    public LabelledImage {
        Objects.requireNonNull(image, "image");
        faces = List.copyOf(faces);
    }
}
