package org.fr.detect.hog;

import org.fr.ComponentOptions;

/**
 * How {@link HogDetector} scans. {@code minFace}: smallest face side in pixels (the window, 80 px, divided by the
 * first level's scale; 40 upsamples the image twice, like dlib's upsample 1); {@code step}: scale between pyramid
 * levels; {@code threshold}: least window score {@code w . x + b} kept; {@code nms}: IoU above which the weaker of
 * two boxes is dropped; {@code contained}: share of the smaller box's area above which a box overlapping a
 * stronger one is dropped too, whatever the IoU; {@code threads}: threads the levels of
 * one image are spread over (1: the calling thread only); {@code exactEvery}: levels whose gradient histograms are
 * computed exactly, one in {@code exactEvery}, the others approximated from them ({@link HogPyramid}; 1: all exact);
 * {@code border}: windows are kept only when they lie at least this many cells (of their level) inside the level's
 * edges, i.e. a box stays {@code border / 10} of its side away from the image's edges (default 3, chosen on training
 * people: faces cut by the photo's edge were the main source of second boxes on LFW; 0: every window).
 */
public record HogSettings(float minFace, float step, float threshold, float nms, float contained, int threads, int exactEvery, int border) {
    public static final float DEFAULT_MIN_FACE = 80f, DEFAULT_STEP = 5f / 6f, DEFAULT_THRESHOLD = -0.25f, DEFAULT_NMS = 0.3f, DEFAULT_CONTAINED = 0.5f;
    public static final int DEFAULT_EXACT_EVERY = 1, DEFAULT_BORDER = 3;

    public HogSettings {
        if (!(minFace >= 10)) throw new IllegalArgumentException("min-face must be at least 10 px, got " + minFace);
        if (!(step > 0.5f && step < 0.95f)) throw new IllegalArgumentException("step must lie in (0.5, 0.95), got " + step);
        if (!Float.isFinite(threshold)) throw new IllegalArgumentException("threshold must be finite");
        if (!(nms > 0 && nms <= 1)) throw new IllegalArgumentException("nms must lie in (0, 1], got " + nms);
        if (!(contained > 0 && contained <= 1)) throw new IllegalArgumentException("nms-contained must lie in (0, 1], got " + contained);
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (exactEvery < 1 || exactEvery > 6) throw new IllegalArgumentException("exact-every must lie in 1..6, got " + exactEvery);
        if (border < 0 || border > 4) throw new IllegalArgumentException("border must lie in 0..4 cells, got " + border);
    }

    public static HogSettings defaults() {
        return new HogSettings(DEFAULT_MIN_FACE, DEFAULT_STEP, DEFAULT_THRESHOLD, DEFAULT_NMS, DEFAULT_CONTAINED, 1, DEFAULT_EXACT_EVERY, DEFAULT_BORDER);
    }

    public HogSettings withMinFace(float px) { return new HogSettings(px, step, threshold, nms, contained, threads, exactEvery, border); }

    public HogSettings withThreshold(float t) { return new HogSettings(minFace, step, t, nms, contained, threads, exactEvery, border); }

    public HogSettings withThreads(int n) { return new HogSettings(minFace, step, threshold, nms, contained, n, exactEvery, border);
    }

    public HogSettings withExactEvery(int k) { return new HogSettings(minFace, step, threshold, nms, contained, threads, k, border); }

    public HogSettings withBorder(int cells) { return new HogSettings(minFace, step, threshold, nms, contained, threads, exactEvery, cells); }

    /**
     * Reads {@code min-face} (px, default 80) or {@code upsample} (N: min-face 80 / 2^N; not both), {@code step},
     * {@code threshold}, {@code nms}, {@code nms-contained}, {@code threads} (default 1; 0 = one per core), {@code exact-every}, {@code border}.
     */
    public static HogSettings from(ComponentOptions o) {
        float minFace = o.getFloat("min-face", DEFAULT_MIN_FACE);
        if (o.get("upsample").isPresent()) {
            if (o.get("min-face").isPresent()) throw new IllegalArgumentException("give min-face or upsample, not both");
            int up = o.getInt("upsample", 0);
            if (up < 0 || up > 3) throw new IllegalArgumentException("upsample must lie in 0..3, got " + up);
            minFace = DEFAULT_MIN_FACE / (1 << up);
        }
        int threads = o.getInt(ComponentOptions.THREADS, 1);
        if (threads == 0) threads = Runtime.getRuntime().availableProcessors();
        return new HogSettings(minFace, o.getFloat("step", DEFAULT_STEP), o.getFloat("threshold", DEFAULT_THRESHOLD),
                o.getFloat("nms", DEFAULT_NMS), o.getFloat("nms-contained", DEFAULT_CONTAINED), threads, o.getInt("exact-every", DEFAULT_EXACT_EVERY), o.getInt("border", DEFAULT_BORDER));
    }
}
