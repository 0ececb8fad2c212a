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

    /** A window with its top-left feature cell and score. */
    public record Hit(int cellX, int cellY, float score) {}

    /** Windows scoring at least {@code threshold}, in row order. */
    public static List<Hit> scan(HogFeatures f, HogModel model, float threshold) {
        return scan(f, model, threshold, ScanKernel.INSTANCE);
    }

    static List<Hit> scan(HogFeatures f, HogModel model, float threshold, ScanKernel kernel) {
        int cw = model.cellsX(), ch = model.cellsY();
        int outW = f.cellsX() - cw + 1, outH = f.cellsY() - ch + 1;
        List<Hit> hits = new ArrayList<>();
        if (outW <= 0 || outH <= 0) return hits;
        float[] data = f.data(), w = ScanKernel.reorder(model);
        int fx = f.cellsX(), plane = fx * f.cellsY();
        float[] row = new float[outW + ScanKernel.SLACK];
        for (int y = 0; y < outH; y++) {
            kernel.scoreRow(row, outW, data, plane, fx, y, w, cw, ch, model.bias());
            for (int x = 0; x < outW; x++) if (row[x] >= threshold) hits.add(new Hit(x, y, row[x]));
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
