package org.fr.video;

import java.util.Objects;

import org.fr.RgbImage;

/**
 * One decoded frame of a stream: its index (0-based, counting every frame the source delivered, including frames a
 * {@link FaceStream} skips), its presentation time in milliseconds from the start of the stream, and the picture.
 * Immutable and thread-safe.
 */
public record VideoFrame(long index, double timestampMs, RgbImage image) {
    public VideoFrame {
        if (index < 0) throw new IllegalArgumentException("frame index must not be negative: " + index);
        if (!Double.isFinite(timestampMs)) throw new IllegalArgumentException("frame timestamp must be finite");
        Objects.requireNonNull(image, "image");
    }
}
