package org.fr;

import java.util.Objects;

/**
 * An 8-bit RGB image, pixels stored row by row as interleaved {@code R, G, B} bytes. This is the one image
 * type every detector and embedder works on; {@link ImageDecoder} makes it from files, bytes and
 * {@link java.awt.image.BufferedImage}s. Immutable by contract: the array is not copied, and no code of the
 * SDK writes to it after construction, so an instance is safe to share across threads.
 */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if ((long) width * height * 3 != pixels.length) {
            throw new IllegalArgumentException("expected " + (long) width * height * 3 + " bytes for " + width + "x"
                    + height + " RGB, got " + pixels.length);
        }
    }

    /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }

    /** The image mirrored left to right. */
    public RgbImage mirrored() {
        byte[] out = new byte[pixels.length];
        int row = width * 3;
        for (int y = 0; y < height; y++) {
            int base = y * row;
            for (int x = 0; x < width; x++) {
                int s = base + x * 3, d = base + (width - 1 - x) * 3;
                out[d] = pixels[s];
                out[d + 1] = pixels[s + 1];
                out[d + 2] = pixels[s + 2];
            }
        }
        return new RgbImage(width, height, out);
    }

    @Override
    public String toString() { return "RgbImage[" + width + "x" + height + "]"; }
}
