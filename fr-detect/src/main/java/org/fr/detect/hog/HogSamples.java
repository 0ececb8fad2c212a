package org.fr.detect.hog;

import java.util.ArrayList;
import java.util.List;

import org.fr.BoundingBox;

/**
 * Training windows for a {@link HogModel}: the features of a box, taken from a patch covering the box and one cell
 * of context around it (so the cells are those the detector sees when the box is a window of a pyramid level),
 * and the windows of an image that a filter scores at or above a margin (for hard-negative mining). Stateless;
 * thread-safe.
 */
public final class HogSamples {
    private HogSamples() {}

    /** The features of the window {@code box} (any aspect; it is stretched to the filter) of {@code image}. */
    public static float[] window(GrayImage image, BoundingBox box, int cellsX, int cellsY, boolean mirror) {
        return window(image, box, cellsX, cellsY, mirror, 0);
    }

    /**
     * The features of the window {@code box} with its content turned by {@code degrees} about the box centre
     * ({@link GrayImage#rotatedPatch}: a face upright in the image comes out tilted by {@code -degrees}), mirrored
     * after turning when {@code mirror}.
     */
    public static float[] window(GrayImage image, BoundingBox box, int cellsX, int cellsY, boolean mirror, double degrees) {
        if (cellsX != cellsY) throw new IllegalArgumentException("only square filters are supported");
        double side = (box.width() + box.height()) / 2.0;
        double cx = (box.x1() + box.x2()) / 2.0, cy = (box.y1() + box.y2()) / 2.0;
        double full = side * (cellsX + 2) / cellsX;
        GrayImage patch = image.rotatedPatch(cx, cy, full, (cellsX + 2) * HogFeatures.CELL, degrees);
        if (mirror) patch = patch.mirrored();
        return HogFeatures.compute(patch).window(0, 0, cellsX, cellsY);
    }

    /** A window found by a scan, in image pixels, with its score and features. */
    public record Scored(BoundingBox box, float score, float[] features) {}

    /** Every window of the pyramid of {@code image} scoring at least {@code margin}, with its features. */
    public static List<Scored> scan(GrayImage image, HogModel model, HogSettings settings, float margin) {
        HogDetector geometry = new HogDetector(model, settings.withThreads(1), null);
        List<Scored> out = new ArrayList<>();
        double first = model.windowWidth() / (double) settings.minFace();
        List<HogPyramid.Level> levels = HogPyramid.levels(image.width(), image.height(), first, settings.step(), model.windowWidth(), model.windowHeight());
        List<HogFeatures> features = HogPyramid.features(image, levels, settings.exactEvery());
        for (int i = 0; i < levels.size(); i++) {
            HogFeatures f = features.get(i);
            for (HogScanner.Hit h : HogScanner.scan(f, model, margin)) {
                out.add(new Scored(geometry.windowBox(h, levels.get(i)), h.score(), f.window(h.cellX(), h.cellY(), model.cellsX(), model.cellsY())));
            }
        }
        return out;
    }
}
