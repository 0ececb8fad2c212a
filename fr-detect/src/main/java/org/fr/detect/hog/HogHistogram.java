package org.fr.detect.hog;

/**
 * The gradient histograms of an image's 8x8-pixel cells, before normalisation: 18 signed orientation bins per cell,
 * each pixel's gradient magnitude voted bilinearly into the four nearest cells (see {@link HogFeatures}). An image
 * of {@code W x H} pixels has {@code cellsX = floor(W/8)} by {@code cellsY = floor(H/8)} cells plus a border of one
 * cell on every side (which catches the votes of the outermost pixels): bin {@code o} of array cell {@code (i, j)}
 * is {@code data[(j * (cellsX + 2) + i) * 18 + o]}, and array cell {@code i} spans pixels {@code [8 i - 8, 8 i)}
 * (continuous coordinates, from the image's left edge).
 *
 * <p>{@link #resampled} approximates the histograms of a smaller scale of the same image from these ones (the fast
 * feature pyramids of Dollar, Appel, Belongie and Perona, 2014): each cell of the smaller image integrates the area
 * it covers here, times the change of gradient magnitude with scale. Immutable by contract (the array is
 * not copied); thread-safe.
 */
record HogHistogram(int cellsX, int cellsY, float[] data) {
    static final int BINS = HogFeatures.BINS, CELL = HogFeatures.CELL;

    HogHistogram {
        if (cellsX < 0 || cellsY < 0 || data.length != (cellsX + 2) * (cellsY + 2) * BINS) {
            throw new IllegalArgumentException("histogram of " + cellsX + "x" + cellsY + " cells needs " + (cellsX + 2) * (cellsY + 2) * BINS + " values");
        }
    }

    /** The histograms of {@code img}: gradients by central differences, pixels of the outermost rows/columns skipped. */
    static HogHistogram of(GrayImage img) {
        int w = img.width(), h = img.height();
        int bx = w / CELL, by = h / CELL;
        int stride = bx + 2;
        float[] hist = new float[(by + 2) * stride * BINS];
        int visX = bx * CELL, visY = by * CELL;
        int[] cellX = new int[Math.max(visX, 1)];
        float[] wx0 = new float[cellX.length], wx1 = new float[cellX.length];
        for (int x = 1; x < visX - 1; x++) {
            float xp = (x + 0.5f) / CELL - 0.5f;
            int ix = (int) Math.floor(xp);
            float t = xp - ix;
            cellX[x] = (ix + 1) * BINS;
            wx0[x] = 1 - t;
            wx1[x] = t;
        }
        byte[] p = img.pixels();
        for (int y = 1; y < visY - 1; y++) {
            float yp = (y + 0.5f) / CELL - 0.5f;
            int iy = (int) Math.floor(yp);
            float ty = yp - iy;
            float wy0 = 1 - ty, wy1 = ty;
            int rowA = (iy + 1) * stride * BINS, rowB = rowA + stride * BINS;
            int r = y * w;
            for (int x = 1; x < visX - 1; x++) {
                int i = r + x;
                int dx = (p[i + 1] & 0xFF) - (p[i - 1] & 0xFF);
                int dy = (p[i + w] & 0xFF) - (p[i - w] & 0xFF);
                float v = (float) Math.sqrt(dx * dx + dy * dy);
                int c = cellX[x] + HogFeatures.orientationBin(dx, dy);
                float a = wx0[x] * v, b = wx1[x] * v;
                hist[rowA + c] += a * wy0;
                hist[rowA + c + BINS] += b * wy0;
                hist[rowB + c] += a * wy1;
                hist[rowB + c + BINS] += b * wy1;
            }
        }
        return new HogHistogram(bx, by, hist);
    }

    /**
     * Approximate histograms of this image shrunk by {@code rx x ry} (ratios of old to new size, each at least 1),
     * the result being {@code width x height} pixels. Both images may carry a border of {@code pad} pixels that is
     * not scaled (the pyramid's repeated edge): new pixel position {@code u} (continuous, from the left edge) is old
     * position {@code (u - pad) r + pad}. Each new cell sums the area it covers here, each old cell counted as
     * constant over its 8x8 pixels, times {@code 1 / r}: the new cell holds {@code r^2} times fewer pixels, and
     * gradients across the edges that dominate these histograms are {@code r} times steeper in the smaller image
     * (Dollar et al.'s power law with exponent 1; a global factor barely matters, the features are normalised).
     */
    HogHistogram resampled(int width, int height, double rx, double ry, int pad) {
        if (!(rx >= 1 && ry >= 1) || width < 1 || height < 1) {
            throw new IllegalArgumentException("can only shrink: ratios " + rx + ", " + ry + " to " + width + "x" + height);
        }
        int bx = width / CELL, by = height / CELL;
        Taps tx = Taps.of(bx + 2, cellsX + 2, rx, pad), ty = Taps.of(by + 2, cellsY + 2, ry, pad);
        int srcStride = (cellsX + 2) * BINS, dstStride = (bx + 2) * BINS;
        // along x: every source row of cells to the new cell columns
        float[] mid = new float[(cellsY + 2) * dstStride];
        for (int j = 0; j < cellsY + 2; j++) {
            int src = j * srcStride, dst = j * dstStride;
            for (int i = 0; i < bx + 2; i++) {
                int o0 = dst + i * BINS;
                for (int t = tx.start[i]; t < tx.start[i + 1]; t++) {
                    int s0 = src + tx.cell[t] * BINS;
                    float wt = tx.weight[t];
                    for (int o = 0; o < BINS; o++) mid[o0 + o] += wt * data[s0 + o];
                }
            }
        }
        // along y, and the magnitude change (1/r per axis squared for the area, times r for the steeper gradients)
        float scale = (float) (1 / Math.sqrt(rx * ry));
        float[] out = new float[(by + 2) * dstStride];
        for (int j = 0; j < by + 2; j++) {
            int dst = j * dstStride;
            for (int t = ty.start[j]; t < ty.start[j + 1]; t++) {
                int src = ty.cell[t] * dstStride;
                float wt = ty.weight[t] * scale;
                for (int k = 0; k < dstStride; k++) out[dst + k] += wt * mid[src + k];
            }
        }
        return new HogHistogram(bx, by, out);
    }

    /** For each new cell index, the old cells it overlaps and the overlap in old-cell units (CSR layout). */
    private record Taps(int[] start, int[] cell, float[] weight) {
        static Taps of(int newCells, int oldCells, double r, int pad) {
            int[] start = new int[newCells + 1];
            int per = (int) Math.ceil(r) + 2;
            int[] cell = new int[newCells * per];
            float[] weight = new float[newCells * per];
            int n = 0;
            for (int i = 0; i < newCells; i++) {
                start[i] = n;
                // array cell i spans pixels [8 i - 8, 8 i); old cell j spans old-cell units [j, j + 1)
                double lo = ((CELL * i - CELL - pad) * r + pad) / CELL + 1, hi = ((CELL * i - pad) * r + pad) / CELL + 1;
                for (int j = Math.max(0, (int) Math.floor(lo)); j < oldCells && j < hi; j++) {
                    double ov = Math.min(hi, j + 1) - Math.max(lo, j);
                    if (ov <= 0) continue;
                    cell[n] = j;
                    weight[n] = (float) ov;
                    n++;
                }
            }
            start[newCells] = n;
            return new Taps(start, cell, weight);
        }
    }
}
