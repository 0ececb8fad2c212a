package org.fr.detect.hog;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores every window of a feature map with a {@link HogModel}: one multiply-add per weight along a whole row of
 * windows (contiguous in the planar layout). A cell-interleaved Vector API kernel (dot products of whole filter
 * rows) was measured no faster on this JDK 17 and was dropped. Stateless and thread-safe.
 */
public final class HogScanner {
    private HogScanner() {}

    /** A window with its top-left feature cell and score. */
    public record Hit(int cellX, int cellY, float score) {}

    /** Windows scoring at least {@code threshold}, in row order. */
    public static List<Hit> scan(HogFeatures f, HogModel model, float threshold) {
        int cw = model.cellsX(), ch = model.cellsY();
        int outW = f.cellsX() - cw + 1, outH = f.cellsY() - ch + 1;
        List<Hit> hits = new ArrayList<>();
        if (outW <= 0 || outH <= 0) return hits;
        float[] data = f.data(), w = model.weights();
        int fx = f.cellsX(), plane = fx * f.cellsY();
        float[] row = new float[outW];
        for (int y = 0; y < outH; y++) {
            java.util.Arrays.fill(row, model.bias());
            for (int dy = 0; dy < ch; dy++) {
                for (int dx = 0; dx < cw; dx++) {
                    int wb = (dy * cw + dx) * HogFeatures.DIMS;
                    int base = (y + dy) * fx + dx;
                    for (int k = 0; k < HogFeatures.DIMS; k++) {
                        float wk = w[wb + k];
                        int s = k * plane + base;
                        for (int x = 0; x < outW; x++) row[x] += wk * data[s + x];
                    }
                }
            }
            for (int x = 0; x < outW; x++) if (row[x] >= threshold) hits.add(new Hit(x, y, row[x]));
        }
        return hits;
    }
}
