package org.fr;

import java.util.List;

/**
 * Finds faces in an image. Implementations are thread-safe: one instance may serve many threads at once.
 * They hold native resources and must be closed.
 */
public interface FaceDetector extends AutoCloseable {
    /** The name this detector is registered under (e.g. {@code ultraface}). */
    String name();

    /** All faces found, best score first; an empty list when there is none. */
    List<DetectedFace> detect(RgbImage image);

    @Override
    void close();
}
