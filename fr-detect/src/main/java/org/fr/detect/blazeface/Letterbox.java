package org.fr.detect.blazeface;

import org.fr.Resampler;
import org.fr.RgbImage;

/**
 * How an image of {@code srcWidth x srcHeight} is fitted into the square network input of {@code size x size}:
 * scaled by the same factor in both directions so that its longer side fills the input, centred, the rest padded
 * black. The scaled content is {@code contentWidth x contentHeight} pixels at {@code (padX, padY)}; since those
 * sizes are rounded to whole pixels, each axis maps with its own exact factor {@code content / src}. Immutable and
 * thread-safe.
 */
record Letterbox(int srcWidth, int srcHeight, int size, int contentWidth, int contentHeight, int padX, int padY) {

    static Letterbox of(int srcWidth, int srcHeight, int size) {
        if (srcWidth <= 0 || srcHeight <= 0 || size <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + srcWidth + "x" + srcHeight + " -> " + size);
        }
        double scale = (double) size / Math.max(srcWidth, srcHeight);
        int cw = Math.max(1, Math.min(size, (int) Math.round(srcWidth * scale)));
        int ch = Math.max(1, Math.min(size, (int) Math.round(srcHeight * scale)));
        return new Letterbox(srcWidth, srcHeight, size, cw, ch, (size - cw) / 2, (size - ch) / 2);
    }

    /** The padded, resized {@code size x size} image the network sees. */
    RgbImage apply(RgbImage image) {
        if (image.width() != srcWidth || image.height() != srcHeight) {
            throw new IllegalArgumentException("letterbox made for " + srcWidth + "x" + srcHeight + ", got " + image);
        }
        RgbImage content = Resampler.resize(image, contentWidth, contentHeight);
        if (contentWidth == size && contentHeight == size) return content;
        byte[] out = new byte[size * size * 3];
        int row = contentWidth * 3;
        for (int y = 0; y < contentHeight; y++) {
            System.arraycopy(content.pixels(), y * row, out, ((padY + y) * size + padX) * 3, row);
        }
        return new RgbImage(size, size, out);
    }

    /** Image x (pixels) to input x (pixels). */
    float toInputX(float x) { return x * contentWidth / srcWidth + padX; }

    /** Image y (pixels) to input y (pixels). */
    float toInputY(float y) { return y * contentHeight / srcHeight + padY; }

    /** Normalised input x ({@code 0..1} across the input) to image x (pixels). */
    float toImageX(float u) { return (u * size - padX) * srcWidth / contentWidth; }

    /** Normalised input y ({@code 0..1} across the input) to image y (pixels). */
    float toImageY(float v) { return (v * size - padY) * srcHeight / contentHeight; }
}
