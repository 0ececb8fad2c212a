package org.fr.gallery.io;

import java.nio.file.Path;

/** What the caller of a 3-argument load needs; {@code null} for "anything". Checked as soon as the header is read. */
record Expected(String modelId, int dimension) {
    static void check(Expected expected, Path file, String modelId, int dimension) {
        if (expected == null) return;
        if (!expected.modelId.equals(modelId) || expected.dimension != dimension) {
            throw new GalleryFileException(file, "wrong model: expected model '" + expected.modelId + "' with dimension "
                    + expected.dimension + ", found model '" + modelId + "' with dimension " + dimension);
        }
    }
}
