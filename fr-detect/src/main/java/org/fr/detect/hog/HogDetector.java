package org.fr.detect.hog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.FrException;
import org.fr.RgbImage;
import org.fr.detect.NonMaxSuppression;
import org.fr.detect.landmarks.Landmark68;

/**
 * HOG + linear filter face detector (the method of dlib's frontal detector, our own trained filters, see
 * {@link HogModel}): the gray image is scaled into a {@link HogPyramid}, each level's {@link HogFeatures} are
 * computed once (or approximated, see {@link HogSettings#exactEvery}) and scanned by {@link HogScanner} with each
 * of the level's filters (several for poses: the main ones, or the upsampled-levels ones on levels scaled up from
 * the image when there are some); windows at least {@link HogSettings#border} cells inside the level and at or
 * above the threshold (for any filter) become boxes in image pixels, reduced by non-maximum suppression. Scores are {@code sigmoid(w . x + b)}. With a {@link Landmark68}
 * network, five landmarks per face come from the 68 points predicted on the model's landmark crop of the box;
 * without one, faces have no landmarks.
 *
 * <p>Thread-safe: one instance may serve many threads; with {@code threads > 1} each image's levels are spread
 * over a pool the detector owns, so close it.
 */
public final class HogDetector implements FaceDetector {
    public static final String NAME = "hog";

    private final HogModel model;
    private final HogModel upsampledModel;
    /** Every filter scanning the levels at or below the image's size, and those scanning the upscaled levels. */
    private final List<HogModel> filters, upsampledFilters;
    private final HogSettings settings;
    private final Landmark68 landmarks;
    private final ExecutorService pool;

    public HogDetector(HogModel model, HogSettings settings, Landmark68 landmarks) {
        this(model, null, settings, landmarks);
    }

    /**
     * @param upsampledModel the filter for the levels scaled up from the image (scale above 1, scanned at min-face
     *     below 80 px), null: {@code model} everywhere; same window size as {@code model}
     */
    public HogDetector(HogModel model, HogModel upsampledModel, HogSettings settings, Landmark68 landmarks) {
        this(List.of(model), upsampledModel == null ? List.of() : List.of(upsampledModel), settings, landmarks);
    }

    /**
     * Several filters per kind of level (poses, as dlib's five): a window is kept when any filter scores it at or
     * above the threshold, so the filters' scores must be comparable (each is an SVM margin trained the same way).
     *
     * @param filters the filters of the levels at or below the image's size, the first one the main filter
     *     (its landmark box places the landmark crop), at least one
     * @param upsampledFilters the filters of the levels scaled up from the image; empty: {@code filters} everywhere;
     *     all filters of one window size
     */
    public HogDetector(List<HogModel> filters, List<HogModel> upsampledFilters, HogSettings settings, Landmark68 landmarks) {
        if (filters.isEmpty()) throw new IllegalArgumentException("at least one HOG filter is needed");
        this.model = filters.get(0);
        for (HogModel m : concat(filters, upsampledFilters)) {
            if (m.cellsX() != model.cellsX() || m.cellsY() != model.cellsY()) {
                throw new IllegalArgumentException("every filter must have the size of the main filter: "
                        + m.cellsX() + "x" + m.cellsY() + " vs " + model.cellsX() + "x" + model.cellsY());
            }
        }
        this.filters = List.copyOf(filters);
        this.upsampledFilters = List.copyOf(upsampledFilters);
        this.upsampledModel = upsampledFilters.isEmpty() ? null : upsampledFilters.get(0);
        this.settings = settings;
        this.landmarks = landmarks;
        this.pool = settings.threads() > 1 ? Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "fr-hog");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    @Override
    public String name() { return NAME; }

    public HogModel model() { return model; }

    /** The filter of the upsampled levels, or null when {@link #model} scans every level. */
    public HogModel upsampledModel() { return upsampledModel; }

    /** The filter scanning a level: the upsampled-levels one above scale 1 when there is one. */
    HogModel modelFor(HogPyramid.Level level) {
        return filtersFor(level).get(0);
    }

    /** The filters scanning a level: the upsampled-levels ones above scale 1 when there are some. */
    List<HogModel> filtersFor(HogPyramid.Level level) {
        return !upsampledFilters.isEmpty() && level.scaleX() > 1.0 && level.scaleY() > 1.0 ? upsampledFilters : filters;
    }

    /** The filters of the levels at or below the image's size, the main one first. */
    public List<HogModel> filters() { return filters; }

    /** The filters of the upscaled levels (empty: {@link #filters} scan them). */
    public List<HogModel> upsampledFilters() { return upsampledFilters; }

    private static List<HogModel> concat(List<HogModel> a, List<HogModel> b) {
        List<HogModel> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public HogSettings settings() { return settings; }

    @Override
    public List<DetectedFace> detect(RgbImage image) {
        List<DetectedFace> faces = detectBoxes(GrayImage.of(image));
        if (landmarks == null) return faces;
        List<DetectedFace> out = new ArrayList<>(faces.size());
        for (DetectedFace f : faces) out.add(f.withLandmarks(landmarks.predictFive(image, landmarkCrop(f.box()))));
        return out;
    }

    /** Boxes and scores, no landmarks, best first. */
    public List<DetectedFace> detectBoxes(GrayImage gray) {
        double first = model.windowWidth() / (double) settings.minFace();
        List<HogPyramid.Level> levels = HogPyramid.levels(gray.width(), gray.height(), first, settings.step(), model.windowWidth(), model.windowHeight());
        int every = settings.exactEvery();
        List<GrayImage> exact = HogPyramid.exactImages(gray, levels, every);
        List<DetectedFace> found = new ArrayList<>();
        if (pool == null || exact.size() < 2) {
            for (int g = 0; g < exact.size(); g++) found.addAll(scanGroup(exact.get(g), levels, g * every, gray));
        } else {
            List<Future<List<DetectedFace>>> parts = new ArrayList<>();
            for (int g = 0; g < exact.size(); g++) {
                int k = g;
                parts.add(pool.submit(() -> scanGroup(exact.get(k), levels, k * every, gray)));
            }
            try {
                for (Future<List<DetectedFace>> p : parts) found.addAll(p.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FrException("HOG detection interrupted", e);
            } catch (ExecutionException e) {
                throw new FrException("HOG detection failed: " + e.getCause(), e.getCause());
            }
        }
        return suppress(found, settings);
    }

    /** The boxes of the levels computed from the exact level {@code first}. */
    private List<DetectedFace> scanGroup(GrayImage exact, List<HogPyramid.Level> levels, int first, GrayImage gray) {
        List<DetectedFace> out = new ArrayList<>();
        List<HogFeatures> features = HogPyramid.groupFeatures(exact, levels, first, settings.exactEvery());
        for (int i = 0; i < features.size(); i++) {
            HogPyramid.Level level = levels.get(first + i);
            for (HogModel filter : filtersFor(level)) {
                for (HogScanner.Hit h : HogScanner.scan(features.get(i), filter, settings.threshold(), settings.border())) {
                    out.add(new DetectedFace(windowBox(h, level).clip(gray.width(), gray.height()), sigmoid(h.score()), null));
                }
            }
        }
        return out;
    }

    /** The window of a hit in original image pixels. */
    BoundingBox windowBox(HogScanner.Hit h, HogPyramid.Level level) {
        double x = h.cellX() * HogFeatures.CELL, y = h.cellY() * HogFeatures.CELL;
        return new BoundingBox((float) (x / level.scaleX()), (float) (y / level.scaleY()),
                (float) ((x + model.windowWidth()) / level.scaleX()), (float) ((y + model.windowHeight()) / level.scaleY()));
    }

    /** The crop given to the landmark network for a detected box. */
    public BoundingBox landmarkCrop(BoundingBox b) {
        float[] a = model.landmarkBox();
        float x1 = b.x1() + a[0] * b.width(), y1 = b.y1() + a[1] * b.height();
        return new BoundingBox(x1, y1, x1 + a[2] * b.width(), y1 + a[3] * b.height());
    }

    /** Greedy NMS by score with the settings' IoU and contained-share limits ({@link NonMaxSuppression}). */
    static List<DetectedFace> suppress(List<DetectedFace> faces, HogSettings settings) {
        return NonMaxSuppression.apply(faces, settings.nms(), settings.contained());
    }

    static float sigmoid(float m) { return (float) (1 / (1 + Math.exp(-m))); }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
        if (landmarks != null) landmarks.close();
    }
}
