package org.fr.detect.hog;

/**
 * Felzenszwalb HOG features (Felzenszwalb, Girshick, McAllester, Ramanan 2010, as in dlib's {@code fhog}) of a
 * {@link GrayImage}: 8x8-pixel cells, gradients by central differences, each pixel's magnitude voted bilinearly
 * into the four nearest cells under one of 18 signed orientations, then per cell 31 values: 18 signed and 9
 * unsigned orientations, each normalised by the four 2x2-cell blocks around the cell, clamped at 0.2 and summed
 * with weight 1/2, plus 4 texture (gradient energy) values, one per block. An image of {@code W x H} pixels has
 * {@code floor(W/8) - 2} by {@code floor(H/8) - 2} feature cells (border cells are dropped); output cell
 * {@code (cx, cy)} is histogram cell {@code (cx + 1, cy + 1)}, pixels {@code [8 cx + 8, 8 cx + 16)}.
 *
 * <p>Stored channel-planar: value {@code k} of cell {@code (x, y)} is {@code data[(k * cellsY + y) * cellsX + x]}.
 * The orientation of a gradient comes from a table over all integer gradients of 8-bit images (the same choice
 * as the 9 dot products of the original). Immutable after construction; thread-safe.
 */
public final class HogFeatures {
    public static final int CELL = 8;
    public static final int DIMS = 31;
    static final int BINS = 18;
    static final float CLAMP = 0.2f, TEXTURE = 0.2357f, EPS = 1e-4f;
    static final double[] UU = {1.0000, 0.9397, 0.7660, 0.500, 0.1736, -0.1736, -0.5000, -0.7660, -0.9397};
    static final double[] VV = {0.0000, 0.3420, 0.6428, 0.8660, 0.9848, 0.9848, 0.8660, 0.6428, 0.3420};
    private static final byte[] ORIENTATION = orientationTable();

    private final int cellsX, cellsY;
    private final float[] data;

    HogFeatures(int cellsX, int cellsY, float[] data) {
        this.cellsX = cellsX;
        this.cellsY = cellsY;
        this.data = data;
    }

    public int cellsX() { return cellsX; }

    public int cellsY() { return cellsY; }

    /** Value {@code k} of cell {@code (x, y)}. */
    public float get(int x, int y, int k) { return data[(k * cellsY + y) * cellsX + x]; }

    /** The planar array itself, {@link ScanKernel#SLACK} zeros past the last plane (not a copy; do not modify). */
    float[] data() { return data; }

    /** The values of the {@code w x h} window of cells at {@code (x, y)}, ordered row, column, feature. */
    public float[] window(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || x + w > cellsX || y + h > cellsY) throw new IllegalArgumentException("window outside the feature map");
        float[] out = new float[w * h * DIMS];
        int i = 0;
        for (int dy = 0; dy < h; dy++) {
            for (int dx = 0; dx < w; dx++) {
                for (int k = 0; k < DIMS; k++) out[i++] = get(x + dx, y + dy, k);
            }
        }
        return out;
    }

    public static HogFeatures compute(GrayImage img) { return of(HogHistogram.of(img)); }

    /** The features of a histogram: each cell's 18 orientations normalised by its four blocks, see the class doc. */
    static HogFeatures of(HogHistogram histogram) {
        int bx = histogram.cellsX(), by = histogram.cellsY();
        int ox = Math.max(0, bx - 2), oy = Math.max(0, by - 2);
        if (ox == 0 || oy == 0) return new HogFeatures(ox, oy, new float[0]);
        int stride = bx + 2;
        float[] hist = histogram.data();
        // block energies of the unsigned histograms, cell (x, y) at index (y + 1) * stride + x + 1
        float[] norm = new float[(by + 2) * stride];
        for (int cy = 1; cy <= by; cy++) {
            for (int cx = 1; cx <= bx; cx++) {
                int c = cy * stride + cx, hb = c * BINS;
                float s = 0;
                for (int o = 0; o < 9; o++) {
                    float u = hist[hb + o] + hist[hb + o + 9];
                    s += u * u;
                }
                norm[c] = s;
            }
        }
        int plane = ox * oy;
        float[] out = new float[plane * DIMS + ScanKernel.SLACK]; // slack for the scan kernels
        for (int y = 0; y < oy; y++) {
            for (int x = 0; x < ox; x++) {
                int c = (y + 2) * stride + x + 2; // histogram cell (x + 1, y + 1)
                float nc = norm[c], nr = norm[c + 1], nd = norm[c + stride], nl = norm[c - 1], nu = norm[c - stride];
                float n1 = inv(nc + nr + nd + norm[c + stride + 1]);
                float n2 = inv(nc + nr + nu + norm[c - stride + 1]);
                float n3 = inv(nc + nl + nd + norm[c + stride - 1]);
                float n4 = inv(nc + nl + nu + norm[c - stride - 1]);
                int hb = c * BINS, dst = y * ox + x;
                float t1 = 0, t2 = 0, t3 = 0, t4 = 0;
                for (int o = 0; o < BINS; o++) {
                    float hv = hist[hb + o];
                    float h1 = Math.min(hv * n1, CLAMP), h2 = Math.min(hv * n2, CLAMP);
                    float h3 = Math.min(hv * n3, CLAMP), h4 = Math.min(hv * n4, CLAMP);
                    out[o * plane + dst] = 0.5f * (h1 + h2 + h3 + h4);
                    t1 += h1;
                    t2 += h2;
                    t3 += h3;
                    t4 += h4;
                }
                for (int o = 0; o < 9; o++) {
                    float hv = hist[hb + o] + hist[hb + o + 9];
                    float h1 = Math.min(hv * n1, CLAMP), h2 = Math.min(hv * n2, CLAMP);
                    float h3 = Math.min(hv * n3, CLAMP), h4 = Math.min(hv * n4, CLAMP);
                    out[(BINS + o) * plane + dst] = 0.5f * (h1 + h2 + h3 + h4);
                }
                out[27 * plane + dst] = TEXTURE * t1;
                out[28 * plane + dst] = TEXTURE * t2;
                out[29 * plane + dst] = TEXTURE * t3;
                out[30 * plane + dst] = TEXTURE * t4;
            }
        }
        return new HogFeatures(ox, oy, out);
    }

    /** The orientation bin (0..17) of an integer gradient of an 8-bit image. */
    static int orientationBin(int dx, int dy) { return ORIENTATION[(dy + 255) * 511 + dx + 255]; }

    private static float inv(float s) { return (float) (1.0 / Math.sqrt(s + EPS)); }

    /** Orientation bin (0..17) of every integer gradient in [-255, 255]^2, index (dy + 255) * 511 + dx + 255. */
    private static byte[] orientationTable() {
        byte[] t = new byte[511 * 511];
        for (int dy = -255; dy <= 255; dy++) {
            for (int dx = -255; dx <= 255; dx++) t[(dy + 255) * 511 + dx + 255] = (byte) orientation(dx, dy);
        }
        return t;
    }

    /** The best of 18 directions by dot product, as the original: ties keep the first. */
    static int orientation(double dx, double dy) {
        double best = 0;
        int bestO = 0;
        for (int o = 0; o < 9; o++) {
            double dot = UU[o] * dx + VV[o] * dy;
            if (dot > best) {
                best = dot;
                bestO = o;
            } else if (-dot > best) {
                best = -dot;
                bestO = o + 9;
            }
        }
        return bestO;
    }
}
