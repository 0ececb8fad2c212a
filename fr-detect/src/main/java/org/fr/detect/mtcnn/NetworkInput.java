package org.fr.detect.mtcnn;

import org.fr.Resampler;
import org.fr.RgbImage;

/**
 * Builds the MTCNN networks' input: RGB normalised as {@code (v - 127.5) / 128}, NHWC, and transposed (the networks
 * were trained on images with x and y swapped): element {@code [n][x][y][c]} is channel c of pixel (x, y).
 * Crops reaching past the image are padded with black (value 0 before normalisation). Stateless and thread-safe.
 */
final class NetworkInput {
    static final float MEAN = 127.5f, SCALE = 1f / 128f;

    private NetworkInput() {}

    /** Writes {@code img} transposed into {@code dst} at {@code offset} ({@code width * height * 3} values). */
    static void writeTransposed(RgbImage img, float[] dst, int offset) {
        int w = img.width(), h = img.height();
        byte[] px = img.pixels();
        for (int y = 0; y < h; y++) {
            int row = y * w * 3;
            for (int x = 0; x < w; x++) {
                int s = row + x * 3, d = offset + (x * h + y) * 3;
                dst[d] = ((px[s] & 0xFF) - MEAN) * SCALE;
                dst[d + 1] = ((px[s + 1] & 0xFF) - MEAN) * SCALE;
                dst[d + 2] = ((px[s + 2] & 0xFF) - MEAN) * SCALE;
            }
        }
    }

    /**
     * The pixels of the integer rectangle {@code [x, x + w) x [y, y + h)}, black where it leaves the image, resized
     * to {@code side x side}.
     */
    static RgbImage paddedCrop(RgbImage img, int x, int y, int w, int h, int side) {
        if (w <= 0 || h <= 0) throw new IllegalArgumentException("crop size must be positive: " + w + "x" + h);
        byte[] out = new byte[w * h * 3];
        int x0 = Math.max(0, x), x1 = Math.min(img.width(), x + w);
        int y0 = Math.max(0, y), y1 = Math.min(img.height(), y + h);
        if (x0 < x1) {
            for (int r = y0; r < y1; r++) {
                System.arraycopy(img.pixels(), (r * img.width() + x0) * 3, out, ((r - y) * w + (x0 - x)) * 3, (x1 - x0) * 3);
            }
        }
        return Resampler.resize(new RgbImage(w, h, out), side, side);
    }
}
