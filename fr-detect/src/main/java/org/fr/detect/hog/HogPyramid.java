package org.fr.detect.hog;

import java.util.ArrayList;
import java.util.List;

/**
 * The scales an image is scanned at, and their features. Level 0 is the image scaled by {@code window / minFace}
 * (upsampled when the minimum face is smaller than the window), each next level {@code step} times the previous one
 * (sizes rounded), down to the last level still holding one window. Every level is padded by one cell of repeated
 * edge pixels (so faces touching the border are found) before its features are taken.
 *
 * <p>With {@code exactEvery = 1} every level is resized from the one before it and gets its own
 * {@link HogFeatures}. With {@code exactEvery = K > 1} (fast feature pyramids, Dollar et al. 2014) only the levels
 * whose index is a multiple of K are resized (each from the previous such level) and get exact gradient histograms;
 * the K - 1 levels after each are approximated by resampling that level's histograms
 * ({@link HogHistogram#resampled}), then normalised as usual. Stateless and thread-safe.
 */
public final class HogPyramid {
    private HogPyramid() {}

    /** One level: its size (unpadded) and its scale relative to the original image per axis. */
    public record Level(int width, int height, double scaleX, double scaleY) {}

    /** The levels of an {@code imageWidth x imageHeight} image. */
    public static List<Level> levels(int imageWidth, int imageHeight, double firstScale, double step, int windowW, int windowH) {
        if (!(firstScale > 0) || !(step > 0 && step < 1)) throw new IllegalArgumentException("bad pyramid: first " + firstScale + ", step " + step);
        List<Level> out = new ArrayList<>();
        int w = firstScale == 1.0 ? imageWidth : size(imageWidth, firstScale), h = firstScale == 1.0 ? imageHeight : size(imageHeight, firstScale);
        while (w >= windowW && h >= windowH) {
            out.add(new Level(w, h, (double) w / imageWidth, (double) h / imageHeight));
            int nw = size(w, step), nh = size(h, step);
            if (nw == w) break;
            w = nw;
            h = nh;
        }
        return out;
    }

    /** The images of the exact levels (indices 0, K, 2K, ...), each resized from the one before. */
    public static List<GrayImage> exactImages(GrayImage image, List<Level> levels, int exactEvery) {
        checkEvery(exactEvery);
        List<GrayImage> out = new ArrayList<>();
        GrayImage prev = image;
        for (int i = 0; i < levels.size(); i += exactEvery) {
            Level l = levels.get(i);
            prev = prev.resized(l.width(), l.height());
            out.add(prev);
        }
        return out;
    }

    /**
     * The features of levels {@code first .. first + K - 1} (those that exist): level {@code first} exactly from its
     * image {@code exact}, the others approximated from its histograms.
     */
    public static List<HogFeatures> groupFeatures(GrayImage exact, List<Level> levels, int first, int exactEvery) {
        checkEvery(exactEvery);
        Level a = levels.get(first);
        if (exact.width() != a.width() || exact.height() != a.height()) throw new IllegalArgumentException("image is not the size of level " + first);
        HogHistogram hist = HogHistogram.of(exact.padded(HogFeatures.CELL));
        List<HogFeatures> out = new ArrayList<>();
        out.add(HogFeatures.of(hist));
        for (int i = first + 1; i < Math.min(levels.size(), first + exactEvery); i++) {
            Level l = levels.get(i);
            HogHistogram approx = hist.resampled(l.width() + 2 * HogFeatures.CELL, l.height() + 2 * HogFeatures.CELL,
                    (double) a.width() / l.width(), (double) a.height() / l.height(), HogFeatures.CELL);
            out.add(HogFeatures.of(approx));
        }
        return out;
    }

    /** The features of every level, in level order. */
    public static List<HogFeatures> features(GrayImage image, List<Level> levels, int exactEvery) {
        List<GrayImage> exact = exactImages(image, levels, exactEvery);
        List<HogFeatures> out = new ArrayList<>();
        for (int g = 0; g < exact.size(); g++) out.addAll(groupFeatures(exact.get(g), levels, g * exactEvery, exactEvery));
        return out;
    }

    private static int size(int n, double scale) { return Math.max(1, (int) Math.round(n * scale)); }

    private static void checkEvery(int k) {
        if (k < 1) throw new IllegalArgumentException("exact-every must be at least 1, got " + k);
    }
}
