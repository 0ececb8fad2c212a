package org.fr;

import java.util.Objects;

/**
 * The embedders' public input contract: a {@value #SIZE}x{@value #SIZE} RGB crop whose five landmarks lie on the
 * standard ArcFace template ({@link FaceAligner#ARCFACE_TEMPLATE}). Callers that detect on an edge device
 * can build one from their own aligned crop and send only that. Immutable and thread-safe.
 */
public record AlignedFace(RgbImage image) {
    public static final int SIZE = 112;

    public AlignedFace {
        Objects.requireNonNull(image, "image");
        if (image.width() != SIZE || image.height() != SIZE) {
            throw new IllegalArgumentException("an aligned face must be " + SIZE + "x" + SIZE + " RGB, got "
                    + image.width() + "x" + image.height());
        }
    }
}
