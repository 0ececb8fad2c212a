package org.fr.spi;

import org.fr.ComponentOptions;
import org.fr.FaceEmbedder;

/**
 * Makes embedders of one kind; registered in {@code META-INF/services/org.fr.spi.FaceEmbedderProvider} and
 * found by {@link #name()}. Implementations are stateless and thread-safe.
 */
public interface FaceEmbedderProvider {
    String name();

    String description();

    FaceEmbedder create(ComponentOptions options);
}
