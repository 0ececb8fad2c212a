package org.fr.detect.mtcnn;

import java.util.ArrayList;
import java.util.List;

/**
 * The scales at which P-Net scans an image: P-Net sees 12x12-pixel windows, so a face of {@code minFace} pixels
 * needs the scale {@code 12 / minFace}; each further level shrinks by {@code factor}, down to the last scale at which
 * the image's shorter side still covers 12 pixels. Stateless and thread-safe.
 */
final class ImagePyramid {
    /** P-Net's window, in pixels of the scaled image. */
    static final int WINDOW = 12;

    private ImagePyramid() {}

    /** Scales, largest first; empty when the image is smaller than the minimum face. */
    static List<Float> scales(int width, int height, float minFace, float factor) {
        if (!(minFace > 0)) throw new IllegalArgumentException("minimum face size must be positive: " + minFace);
        if (!(factor > 0 && factor < 1)) throw new IllegalArgumentException("scale factor must lie in (0, 1): " + factor);
        List<Float> out = new ArrayList<>();
        float shorter = Math.min(width, height);
        for (double s = WINDOW / (double) minFace; shorter * s >= WINDOW; s *= factor) out.add((float) s);
        return out;
    }

    /** The scaled image's side: {@code ceil(side * scale)} (ignoring float rounding below 1e-3 px), at least one pixel. */
    static int scaledSide(int side, float scale) {
        return Math.max(1, (int) Math.ceil(side * (double) scale - 1e-3));
    }
}
