package org.fr.detect.hog;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores every window of a feature map with a {@link HogModel}, a row of windows at a time through a
 * {@link ScanKernel} (SIMD when the Vector API module is present; measured in docs/hog.md).
 * {@link #scanReference} scores each window on its own in filter order, the reference the kernels are tested
 * against (equal within float rounding). Stateless and thread-safe.
 */
public final class HogScanner {
    private HogScanner() {}

    /** Rows of windows scored per kernel call. */
    static final int ROWS_PER_BLOCK = 8;

    /** A window with its top-left feature cell and score. */
    public record Hit(int cellX, int cellY, float score) {}

    /** Windows scoring at least {@code threshold}, in row order. */
    public static List<Hit> scan(HogFeatures f, HogModel model, float threshold) {
        return scan(f, model, threshold, 0, ScanKernel.INSTANCE);
    }

    /**
     * Windows lying at least {@code border} cells inside the feature map's edges and scoring at least
     * {@code threshold}, in row order; the windows nearer the edges are not scored at all.
     */
    public static List<Hit> scan(HogFeatures f, HogModel model, float threshold, int border) {
        return scan(f, model, threshold, border, ScanKernel.INSTANCE);
    }

    static List<Hit> scan(HogFeatures f, HogModel model, float threshold, ScanKernel kernel) {
        return scan(f, model, threshold, 0, kernel);
    }

    static List<Hit> scan(HogFeatures f, HogModel model, float threshold, int border, ScanKernel kernel) {
        if (border < 0) throw new IllegalArgumentException("border must not be negative: " + border);
        int cw = model.cellsX(), ch = model.cellsY();
        // windows x in [border, border + outW), y in [border, border + outH)
        int outW = f.cellsX() - cw + 1 - 2 * border, outH = f.cellsY() - ch + 1 - 2 * border;
        List<Hit> hits = new ArrayList<>();
        if (outW <= 0 || outH <= 0) return hits;
        float[] data = f.data(), w = ScanKernel.reorder(model);
        int fx = f.cellsX(), plane = fx * f.cellsY();
        // blocks of rows: each weight broadcast once per block (a block of scores stays in the L1 cache)
        int stride = outW + ScanKernel.SLACK, block = Math.max(1, Math.min(outH, ROWS_PER_BLOCK));
        float[] rows = new float[block * stride];
        for (int y0 = border; y0 < border + outH; y0 += block) {
            int n = Math.min(block, border + outH - y0);
            kernel.scoreRows(rows, stride, n, border, outW, data, plane, fx, y0, w, cw, ch, model.bias());
            for (int r = 0; r < n; r++) {
                for (int x = 0; x < outW; x++) if (rows[r * stride + x] >= threshold) hits.add(new Hit(border + x, y0 + r, rows[r * stride + x]));
            }
        }
        return hits;
    }

    /** Every window scored on its own, {@code bias + sum w_i x_i} in filter order: the reference of {@link #scan}. */
    static List<Hit> scanReference(HogFeatures f, HogModel model, float threshold) {
        int cw = model.cellsX(), ch = model.cellsY();
        List<Hit> hits = new ArrayList<>();
        for (int y = 0; y + ch <= f.cellsY(); y++) {
            for (int x = 0; x + cw <= f.cellsX(); x++) {
                float s = model.score(f.window(x, y, cw, ch));
                if (s >= threshold) hits.add(new Hit(x, y, s));
            }
        }
        return hits;
    }
}
