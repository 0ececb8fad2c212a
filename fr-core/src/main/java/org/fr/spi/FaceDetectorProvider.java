package org.fr.spi;

import org.fr.ComponentOptions;
import org.fr.FaceDetector;

/**
 * Makes detectors of one kind; registered in {@code META-INF/services/org.fr.spi.FaceDetectorProvider} and
 * found by {@link #name()}. Implementations are stateless and thread-safe.
 */
public interface FaceDetectorProvider {
    String name();

    /** One line for listings: what the detector is and what it is good for. */
    String description();

    FaceDetector create(ComponentOptions options);
}
