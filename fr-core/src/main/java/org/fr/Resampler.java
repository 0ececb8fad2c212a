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
        return resizeRegion(img, 0, 0, img.width(), img.height(), width, height);
    }

    /**
     * The part of {@code img} inside the given pixel rectangle (clipped to the image, as {@link #crop}) resized to
     * {@code width x height}: exactly {@code resize(crop(img, x, y, w, h), width, height)}, without copying the
     * crop first.
     */
    public static RgbImage cropAndResize(RgbImage img, int x, int y, int w, int h, int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
        int x0 = Math.max(0, Math.min(x, img.width() - 1)), y0 = Math.max(0, Math.min(y, img.height() - 1));
        int x1 = Math.max(x0 + 1, Math.min(x + w, img.width())), y1 = Math.max(y0 + 1, Math.min(y + h, img.height()));
        if (x1 - x0 == width && y1 - y0 == height) return crop(img, x, y, w, h);
        return resizeRegion(img, x0, y0, x1 - x0, y1 - y0, width, height);
    }

    /** Resizes the region (inside the image, not of the target size) that starts at (x0, y0). */
    private static RgbImage resizeRegion(RgbImage img, int x0, int y0, int rw, int rh, int width, int height) {
        int fx = Math.max(1, rw / width);
        int fy = Math.max(1, rh / height);
        int f = Math.min(fx, fy);
        if (f < 2) return bilinear(img, x0, y0, rw, rh, width, height);
        RgbImage shrunk = f == 2 ? halve(img, x0, y0, rw, rh) : boxShrinkAnyFactor(img, x0, y0, rw, rh, f);
        if (shrunk.width() == width && shrunk.height() == height) return shrunk;
        return bilinear(shrunk, width, height);
    }

    static RgbImage halve(RgbImage img) {
        return halve(img, 0, 0, img.width(), img.height());
    }

    /**
     * {@link #boxShrinkAnyFactor} by 2 (the common 640x480 to 320x240 case) of the region at (x0, y0), unrolled: same
     * result, a quarter of the time.
     */
    static RgbImage halve(RgbImage img, int x0, int y0, int rw, int rh) {
        int w = rw / 2, h = rh / 2, stride = img.width() * 3;
        byte[] src = img.pixels();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            int r0 = (y0 + 2 * y) * stride + x0 * 3, r1 = r0 + stride, o = y * w * 3;
            for (int x = 0; x < w * 3; x += 3, o += 3) {
                int a = r0 + 2 * x, b = r1 + 2 * x;
                out[o] = (byte) (((src[a] & 0xFF) + (src[a + 3] & 0xFF) + (src[b] & 0xFF) + (src[b + 3] & 0xFF) + 2) >> 2);
                out[o + 1] = (byte) (((src[a + 1] & 0xFF) + (src[a + 4] & 0xFF) + (src[b + 1] & 0xFF) + (src[b + 4] & 0xFF) + 2) >> 2);
                out[o + 2] = (byte) (((src[a + 2] & 0xFF) + (src[a + 5] & 0xFF) + (src[b + 2] & 0xFF) + (src[b + 5] & 0xFF) + 2) >> 2);
            }
        }
        return new RgbImage(w, h, out);
    }

    static RgbImage boxShrinkAnyFactor(RgbImage img, int f) {
        return boxShrinkAnyFactor(img, 0, 0, img.width(), img.height(), f);
    }

    /**
     * Averages f x f blocks of the region at (x0, y0); the last partial row or column of blocks is dropped. The f
     * source rows of a block row are first summed into one int row (sequential reads), then f neighbouring pixels
     * of that row are summed.
     */
    static RgbImage boxShrinkAnyFactor(RgbImage img, int x0, int y0, int rw, int rh, int f) {
        int w = rw / f, h = rh / f;
        byte[] src = img.pixels();
        byte[] out = new byte[w * h * 3];
        int stride = img.width() * 3, used = w * f * 3;
        int[] rowSum = new int[used];
        int area = f * f, half = area / 2;
        byte[] mean = new byte[255 * area + 1]; // block sum -> rounded mean, instead of a division per value
        for (int v = 0; v < mean.length; v++) mean[v] = (byte) ((v + half) / area);
        for (int y = 0; y < h; y++) {
            java.util.Arrays.fill(rowSum, 0);
            for (int dy = 0; dy < f; dy++) {
                int row = (y0 + y * f + dy) * stride + x0 * 3;
                for (int i = 0; i < used; i++) rowSum[i] += src[row + i] & 0xFF;
            }
            int o = y * w * 3;
            for (int x = 0, s = 0; x < w; x++, o += 3) {
                int r = 0, g = 0, b = 0;
                for (int dx = 0; dx < f; dx++, s += 3) {
                    r += rowSum[s];
                    g += rowSum[s + 1];
                    b += rowSum[s + 2];
                }
                out[o] = mean[r];
                out[o + 1] = mean[g];
                out[o + 2] = mean[b];
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Fractional weights are fixed point with this many bits, as in OpenCV's {@code INTER_LINEAR}. */
    private static final int BITS = 11, ONE = 1 << BITS, ROUND = 1 << (2 * BITS - 1);

    /**
     * Bilinear resampling in 11-bit fixed point: per-column source offsets and weights are computed once; for each
     * output row the two source rows are first blended vertically into one int row (a unit-stride loop), then
     * neighbouring columns of it horizontally, which is the same integer sum as blending each 2x2 square directly. Agrees with the floating-point formula within one
     * grey level (tested against it).
     */
    static RgbImage bilinear(RgbImage img, int width, int height) {
        return bilinear(img, 0, 0, img.width(), img.height(), width, height);
    }

    /** {@link #bilinear} of the region of size sw x sh at (rx, ry). */
    static RgbImage bilinear(RgbImage img, int rx, int ry, int sw, int sh, int width, int height) {
        int stride = img.width() * 3, origin = ry * stride + rx * 3;
        byte[] src = img.pixels();
        byte[] out = new byte[width * height * 3];
        double sx = (double) sw / width, sy = (double) sh / height;
        int[] x0 = new int[width], x1 = new int[width], wx = new int[width];
        for (int x = 0; x < width; x++) {
            double fx = (x + 0.5) * sx - 0.5;
            int i = (int) Math.floor(fx);
            double t = fx - i;
            if (i < 0) { i = 0; t = 0; }
            if (i >= sw - 1) { i = sw - 1; t = 0; }
            x0[x] = i * 3;
            x1[x] = Math.min(i + 1, sw - 1) * 3;
            wx[x] = (int) Math.round(t * ONE);
        }
        int[] column = new int[sw * 3]; // the two source rows blended vertically, per byte
        for (int y = 0; y < height; y++) {
            double fy = (y + 0.5) * sy - 0.5;
            int j = (int) Math.floor(fy);
            double t = fy - j;
            if (j < 0) { j = 0; t = 0; }
            if (j >= sh - 1) { j = sh - 1; t = 0; }
            int wy = (int) Math.round(t * ONE), wy0 = ONE - wy;
            int r0 = origin + j * stride, r1 = origin + Math.min(j + 1, sh - 1) * stride;
            for (int k = 0; k < column.length; k++) column[k] = (src[r0 + k] & 0xFF) * wy0 + (src[r1 + k] & 0xFF) * wy;
            int o = y * width * 3;
            for (int x = 0; x < width; x++, o += 3) {
                int u = wx[x], u0 = ONE - u, a = x0[x], b = x1[x];
                out[o] = (byte) ((column[a] * u0 + column[b] * u + ROUND) >> (2 * BITS));
                out[o + 1] = (byte) ((column[a + 1] * u0 + column[b + 1] * u + ROUND) >> (2 * BITS));
                out[o + 2] = (byte) ((column[a + 2] * u0 + column[b + 2] * u + ROUND) >> (2 * BITS));
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
