package org.fr.detect.hog;

import org.fr.RgbImage;

/**
 * An 8-bit grayscale image, row by row, the input of {@link HogFeatures}. Luma is {@code (77 R + 150 G + 29 B) >> 8}.
 * Resizing is bilinear with pixel-centre alignment, after averaging 2x2 blocks while the factor is below one half
 * (so shrinking does not alias). Immutable by contract (the array is not copied); thread-safe.
 */
public record GrayImage(int width, int height, byte[] pixels) {
    public GrayImage {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        if (pixels.length != width * height) throw new IllegalArgumentException("expected " + width * height + " pixels, got " + pixels.length);
    }

    public static GrayImage of(RgbImage rgb) {
        byte[] src = rgb.pixels();
        byte[] out = new byte[rgb.width() * rgb.height()];
        for (int i = 0, s = 0; i < out.length; i++, s += 3) {
            out[i] = (byte) ((77 * (src[s] & 0xFF) + 150 * (src[s + 1] & 0xFF) + 29 * (src[s + 2] & 0xFF)) >> 8);
        }
        return new GrayImage(rgb.width(), rgb.height(), out);
    }

    public int get(int x, int y) { return pixels[y * width + x] & 0xFF; }

    /** Left-right mirror image. */
    public GrayImage mirrored() {
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            int r = y * width;
            for (int x = 0; x < width; x++) out[r + width - 1 - x] = pixels[r + x];
        }
        return new GrayImage(width, height, out);
    }

    /** This image scaled by {@code scale} (the new size is the rounded product, at least 1). */
    public GrayImage scaled(double scale) {
        GrayImage img = this;
        double s = scale;
        while (s < 0.5 && img.width >= 2 && img.height >= 2) {
            img = img.halved();
            s *= 2;
        }
        int w = Math.max(1, (int) Math.round(width * scale)), h = Math.max(1, (int) Math.round(height * scale));
        return img.bilinear(w, h);
    }

    /** This image resized to {@code w x h} (halved first while the new size is below half of it). */
    public GrayImage resized(int w, int h) {
        if (w < 1 || h < 1) throw new IllegalArgumentException("size must be positive: " + w + "x" + h);
        GrayImage img = this;
        while (w < img.width / 2.0 && h < img.height / 2.0 && img.width >= 2 && img.height >= 2) img = img.halved();
        return img.bilinear(w, h);
    }

    /** The image with a border of {@code pad} pixels replicating the edge pixels. */
    public GrayImage padded(int pad) {
        int w = width + 2 * pad, h = height + 2 * pad;
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(height - 1, Math.max(0, y - pad));
            int r = y * w, sr = sy * width;
            for (int x = 0; x < pad; x++) out[r + x] = pixels[sr];
            System.arraycopy(pixels, sr, out, r + pad, width);
            for (int x = pad + width; x < w; x++) out[r + x] = pixels[sr + width - 1];
        }
        return new GrayImage(w, h, out);
    }

    /**
     * A {@code size} x {@code size} patch sampled bilinearly from the square of side {@code side} whose top-left
     * corner is {@code (x0, y0)} (source pixels; outside the image the edge is repeated).
     */
    public GrayImage patch(double x0, double y0, double side, int size) {
        Prefiltered p = prefilteredFor(size / side);
        GrayImage img = p.image();
        double f = p.factor();
        double step = side / size / f;
        double ox = x0 / f, oy = y0 / f;
        byte[] out = new byte[size * size];
        for (int v = 0; v < size; v++) {
            double fy = oy + (v + 0.5) * step - 0.5;
            for (int u = 0; u < size; u++) {
                double fx = ox + (u + 0.5) * step - 0.5;
                out[v * size + u] = (byte) img.sample(fx, fy);
            }
        }
        return new GrayImage(size, size, out);
    }

    /**
     * Like {@link #patch}, but the square of side {@code side} centred on {@code (cx, cy)} is turned by {@code degrees}
     * (clockwise on screen, y pointing down): output pixel {@code (u, v)} at offset {@code (du, dv)} from the patch
     * centre samples the source at {@code (cx + du cos a - dv sin a, cy + du sin a + dv cos a)}. A face tilted by
     * {@code degrees} comes out upright. Angle 0 gives the same pixels as {@link #patch}.
     */
    public GrayImage rotatedPatch(double cx, double cy, double side, int size, double degrees) {
        if (degrees == 0) return patch(cx - side / 2, cy - side / 2, side, size);
        Prefiltered p = prefilteredFor(size / side);
        GrayImage img = p.image();
        double f = p.factor();
        double step = side / size / f, a = Math.toRadians(degrees), cos = Math.cos(a), sin = Math.sin(a);
        // the centre in the (possibly halved) image's pixel-centre coordinates, as patch() maps it
        double ox = cx / f - 0.5, oy = cy / f - 0.5;
        byte[] out = new byte[size * size];
        for (int v = 0; v < size; v++) {
            double dv = (v + 0.5) * step - side / f / 2;
            for (int u = 0; u < size; u++) {
                double du = (u + 0.5) * step - side / f / 2;
                out[v * size + u] = (byte) img.sample(ox + du * cos - dv * sin, oy + du * sin + dv * cos);
            }
        }
        return new GrayImage(size, size, out);
    }

    /** This image halved {@code factor = 2^k} times, so a patch sampled at {@code scale} shrinks by at most 2x more. */
    private record Prefiltered(GrayImage image, double factor) {}

    private Prefiltered prefilteredFor(double scale) {
        GrayImage img = this;
        double f = 1;
        while (scale * f < 0.5 && img.width >= 2 && img.height >= 2) {
            img = img.halved();
            f *= 2;
        }
        return new Prefiltered(img, f);
    }

    private int sample(double fx, double fy) {
        fx = Math.max(0, Math.min(width - 1, fx));
        fy = Math.max(0, Math.min(height - 1, fy));
        int x = Math.min(width - 2, (int) fx), y = Math.min(height - 2, (int) fy);
        if (width == 1 || height == 1) return get(Math.min(width - 1, (int) fx), Math.min(height - 1, (int) fy));
        double tx = fx - x, ty = fy - y;
        double top = get(x, y) * (1 - tx) + get(x + 1, y) * tx;
        double bot = get(x, y + 1) * (1 - tx) + get(x + 1, y + 1) * tx;
        return (int) (top * (1 - ty) + bot * ty + 0.5);
    }

    GrayImage halved() {
        int w = width / 2, h = height / 2;
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int r0 = 2 * y * width, r1 = r0 + width;
            for (int x = 0; x < w; x++) {
                int s = (pixels[r0 + 2 * x] & 0xFF) + (pixels[r0 + 2 * x + 1] & 0xFF) + (pixels[r1 + 2 * x] & 0xFF) + (pixels[r1 + 2 * x + 1] & 0xFF);
                out[y * w + x] = (byte) ((s + 2) >> 2);
            }
        }
        return new GrayImage(w, h, out);
    }

    GrayImage bilinear(int w, int h) {
        if (w == width && h == height) return this;
        int[] x0 = new int[w];
        int[] tx = new int[w];
        double sx = (double) width / w, sy = (double) height / h;
        for (int x = 0; x < w; x++) {
            double f = Math.max(0, Math.min(width - 1, (x + 0.5) * sx - 0.5));
            int i = Math.min(Math.max(0, width - 2), (int) f);
            x0[x] = i;
            tx[x] = width == 1 ? 0 : (int) Math.round((f - i) * 256);
        }
        byte[] out = new byte[w * h];
        // horizontally interpolated source rows, each computed once: rows j and j + 1 of the current output row
        int[] top = new int[w], bot = new int[w];
        int topRow = -1, botRow = -1;
        for (int y = 0; y < h; y++) {
            double f = Math.max(0, Math.min(height - 1, (y + 0.5) * sy - 0.5));
            int j = Math.min(Math.max(0, height - 2), (int) f);
            int ty = height == 1 ? 0 : (int) Math.round((f - j) * 256);
            int j1 = height == 1 ? j : j + 1;
            if (topRow != j) {
                if (botRow == j) {
                    int[] t = top;
                    top = bot;
                    bot = t;
                    topRow = j;
                    botRow = -1;
                } else {
                    interpolateRow(j, x0, tx, top);
                    topRow = j;
                }
            }
            if (botRow != j1) {
                interpolateRow(j1, x0, tx, bot);
                botRow = j1;
            }
            int o = y * w;
            for (int x = 0; x < w; x++) out[o + x] = (byte) ((top[x] * (256 - ty) + bot[x] * ty + 32768) >> 16);
        }
        return new GrayImage(w, h, out);
    }

    /** Row {@code j} interpolated at the columns {@code x0 + tx / 256}, in 1/256 units. */
    private void interpolateRow(int j, int[] x0, int[] tx, int[] dst) {
        int r = j * width;
        boolean single = width == 1;
        for (int x = 0; x < dst.length; x++) {
            int i = x0[x], i1 = single ? i : i + 1, t = tx[x];
            dst[x] = (pixels[r + i] & 0xFF) * (256 - t) + (pixels[r + i1] & 0xFF) * t;
        }
    }
}
