package org.fr;

/**
 * Resizes and crops {@link RgbImage}s. Enlarging and mild shrinking use bilinear interpolation with pixel-centre
 * alignment (as OpenCV's {@code INTER_LINEAR}); shrinking by a factor of two or more first averages integer
 * blocks of pixels (as {@code INTER_AREA} does), so that small faces in large photos are not lost to aliasing.
 * Stateless and thread-safe.
 */
public final class Resampler {
    private Resampler() {}

    public static RgbImage resize(RgbImage img, int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
        if (img.width() == width && img.height() == height) return img;
        int fx = Math.max(1, img.width() / width);
        int fy = Math.max(1, img.height() / height);
        int f = Math.min(fx, fy);
        if (f >= 2) img = boxShrink(img, f);
        return bilinear(img, width, height);
    }

    /** Averages f x f blocks; the last partial row or column of blocks is dropped. */
    static RgbImage boxShrink(RgbImage img, int f) {
        int w = img.width() / f, h = img.height() / f;
        byte[] src = img.pixels();
        byte[] out = new byte[w * h * 3];
        int sw = img.width();
        int[] acc = new int[w * 3];
        int area = f * f;
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(acc, 0);
            for (int dy = 0; dy < f; dy++) {
                int row = (y * f + dy) * sw * 3;
                for (int x = 0; x < w; x++) {
                    int s = row + x * f * 3;
                    for (int dx = 0; dx < f; dx++, s += 3) {
                        acc[x * 3] += src[s] & 0xFF;
                        acc[x * 3 + 1] += src[s + 1] & 0xFF;
                        acc[x * 3 + 2] += src[s + 2] & 0xFF;
                    }
                }
            }
            int o = y * w * 3;
            for (int i = 0; i < w * 3; i++) out[o + i] = (byte) ((acc[i] + area / 2) / area);
        }
        return new RgbImage(w, h, out);
    }

    static RgbImage bilinear(RgbImage img, int width, int height) {
        int sw = img.width(), sh = img.height();
        byte[] src = img.pixels();
        byte[] out = new byte[width * height * 3];
        double sx = (double) sw / width, sy = (double) sh / height;
        int[] x0 = new int[width], x1 = new int[width];
        float[] wx = new float[width];
        for (int x = 0; x < width; x++) {
            double fx = (x + 0.5) * sx - 0.5;
            int i = (int) Math.floor(fx);
            float t = (float) (fx - i);
            if (i < 0) { i = 0; t = 0; }
            if (i >= sw - 1) { i = sw - 1; t = 0; }
            x0[x] = i * 3;
            x1[x] = Math.min(i + 1, sw - 1) * 3;
            wx[x] = t;
        }
        for (int y = 0; y < height; y++) {
            double fy = (y + 0.5) * sy - 0.5;
            int j = (int) Math.floor(fy);
            float t = (float) (fy - j);
            if (j < 0) { j = 0; t = 0; }
            if (j >= sh - 1) { j = sh - 1; t = 0; }
            int r0 = j * sw * 3, r1 = Math.min(j + 1, sh - 1) * sw * 3;
            int o = y * width * 3;
            for (int x = 0; x < width; x++) {
                float u = wx[x];
                for (int c = 0; c < 3; c++) {
                    float top = (src[r0 + x0[x] + c] & 0xFF) * (1 - u) + (src[r0 + x1[x] + c] & 0xFF) * u;
                    float bot = (src[r1 + x0[x] + c] & 0xFF) * (1 - u) + (src[r1 + x1[x] + c] & 0xFF) * u;
                    out[o++] = (byte) Math.round(top * (1 - t) + bot * t);
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    /** The part of {@code img} inside the given pixel rectangle, clipped to the image; never empty. */
    public static RgbImage crop(RgbImage img, int x, int y, int width, int height) {
        int x0 = Math.max(0, Math.min(x, img.width() - 1)), y0 = Math.max(0, Math.min(y, img.height() - 1));
        int x1 = Math.max(x0 + 1, Math.min(x + width, img.width())), y1 = Math.max(y0 + 1, Math.min(y + height, img.height()));
        int w = x1 - x0, h = y1 - y0;
        byte[] out = new byte[w * h * 3];
        for (int r = 0; r < h; r++) {
            System.arraycopy(img.pixels(), ((y0 + r) * img.width() + x0) * 3, out, r * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }
}
