package org.fr.detect.hog;

import java.util.ArrayList;
import java.util.List;

/**
 * The scales an image is scanned at: level 0 is the image scaled by {@code window / minFace} (upsampled when the
 * minimum face is smaller than the window), each next level {@code step} times the previous one, down to the last
 * level still holding one window. Each level is built from the previous one, padded by one cell of repeated edge
 * pixels (so faces touching the border are found) and turned into features once. Stateless and thread-safe.
 */
public final class HogPyramid {
    private HogPyramid() {}

    /** One level: its image (unpadded size), its scale relative to the original per axis. */
    public record Level(GrayImage image, double scaleX, double scaleY) {
        /** Features of the level, padded by one cell: feature cell (cx, cy) covers level pixels [8 cx, 8 cx + 8). */
        public HogFeatures features() { return HogFeatures.compute(image.padded(HogFeatures.CELL)); }
    }

    public static List<Level> levels(GrayImage image, double firstScale, double step, int windowW, int windowH) {
        if (!(firstScale > 0) || !(step > 0 && step < 1)) throw new IllegalArgumentException("bad pyramid: first " + firstScale + ", step " + step);
        List<Level> out = new ArrayList<>();
        GrayImage level = firstScale == 1.0 ? image : image.scaled(firstScale);
        while (level.width() >= windowW && level.height() >= windowH) {
            out.add(new Level(level, (double) level.width() / image.width(), (double) level.height() / image.height()));
            GrayImage next = level.scaled(step);
            if (next.width() == level.width()) break;
            level = next;
        }
        return out;
    }
}
