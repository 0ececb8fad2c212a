package org.fr.detect.ultraface;

/**
 * The prior (anchor) boxes of the RFB-320 detector for a given input size: four feature maps of strides 8, 16,
 * 32 and 64 (each {@code ceil(size / stride)} cells), with minimum box sizes {10, 16, 24}, {32, 48}, {64, 96} and
 * {128, 192, 256} pixels; cells row by row, sizes innermost; a cell's centre is {@code (i + 0.5) / cells} of the
 * input (as in the reference training code, which derives each level's shrinkage from its cell count). Each prior is {@code (cx, cy, w, h)} normalised to
 * the input. Immutable and thread-safe.
 */
final class UltrafacePriors {
    static final int[] STRIDES = {8, 16, 32, 64};
    static final int[][] MIN_SIZES = {{10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256}};

    final int width, height, count;
    private final float[] priors;

    UltrafacePriors(int width, int height) {
        this.width = width;
        this.height = height;
        int n = 0;
        for (int k = 0; k < STRIDES.length; k++) {
            n += ceilDiv(width, STRIDES[k]) * ceilDiv(height, STRIDES[k]) * MIN_SIZES[k].length;
        }
        this.count = n;
        this.priors = new float[4 * n];
        int p = 0;
        for (int k = 0; k < STRIDES.length; k++) {
            int fw = ceilDiv(width, STRIDES[k]), fh = ceilDiv(height, STRIDES[k]);
            for (int j = 0; j < fh; j++) {
                for (int i = 0; i < fw; i++) {
                    for (int m : MIN_SIZES[k]) {
                        priors[p++] = clamp01((i + 0.5f) / fw);
                        priors[p++] = clamp01((j + 0.5f) / fh);
                        priors[p++] = clamp01((float) m / width);
                        priors[p++] = clamp01((float) m / height);
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    private static float clamp01(float v) { return Math.max(0f, Math.min(1f, v)); }

    float cx(int i) { return priors[4 * i]; }

    float cy(int i) { return priors[4 * i + 1]; }

    float w(int i) { return priors[4 * i + 2]; }

    float h(int i) { return priors[4 * i + 3]; }
}
