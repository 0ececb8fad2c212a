package org.fr.detect.blazeface;

/**
 * The fixed anchor table of both BlazeFace networks and the decoding of one anchor's regression. Geometry is in
 * normalised input coordinates ({@code 0..1} across the square network input, y down). Stateless and thread-safe.
 *
 * <p>Anchors: the first output layer is a 16x16 grid of cells with 2 anchors each (indices 0..511), the second an
 * 8x8 grid with 6 anchors each (512..895); within a layer anchors are ordered row by row over the cells, then by
 * anchor within a cell. Every anchor of cell {@code (x, y)} of a grid of {@code n x n} cells is centred at
 * {@code ((x + 0.5) / n, (y + 0.5) / n)}; BlazeFace's anchors have a fixed unit size, so only the centre is used.
 */
final class BlazeFaceAnchors {
    static final int LAYER1_CELLS = 16, LAYER1_PER_CELL = 2, LAYER1_COUNT = LAYER1_CELLS * LAYER1_CELLS * LAYER1_PER_CELL;
    static final int LAYER2_CELLS = 8, LAYER2_PER_CELL = 6, LAYER2_COUNT = LAYER2_CELLS * LAYER2_CELLS * LAYER2_PER_CELL;
    static final int COUNT = LAYER1_COUNT + LAYER2_COUNT;
    /** Regression values per anchor: box centre offset (2), box size (2), 6 keypoints (12). */
    static final int VALUES = 16;
    static final int KEYPOINTS = 6;

    private static final float[] CX = new float[COUNT], CY = new float[COUNT];

    static {
        fill(0, LAYER1_CELLS, LAYER1_PER_CELL);
        fill(LAYER1_COUNT, LAYER2_CELLS, LAYER2_PER_CELL);
    }

    private static void fill(int start, int cells, int perCell) {
        int i = start;
        for (int y = 0; y < cells; y++) {
            for (int x = 0; x < cells; x++) {
                for (int a = 0; a < perCell; a++, i++) {
                    CX[i] = (x + 0.5f) / cells;
                    CY[i] = (y + 0.5f) / cells;
                }
            }
        }
    }

    private BlazeFaceAnchors() {}

    static float centreX(int index) { return CX[index]; }

    static float centreY(int index) { return CY[index]; }

    /**
     * Decodes anchor {@code index}'s 16 regression values, read from {@code regression} at {@code offset}, which
     * are in input pixels: box centre = anchor + (dx, dy) / size, box size = (w, h) / size, keypoint k = anchor +
     * (kx, ky) / size. No vertical flip: the input tensor is top-down.
     *
     * @return {@code [cx, cy, w, h, k0x, k0y, ..., k5x, k5y]} in normalised input coordinates
     */
    static float[] decode(int index, float[] regression, int offset, int inputSize) {
        float ax = CX[index], ay = CY[index], s = 1f / inputSize;
        float[] g = new float[VALUES];
        g[0] = ax + regression[offset] * s;
        g[1] = ay + regression[offset + 1] * s;
        g[2] = regression[offset + 2] * s;
        g[3] = regression[offset + 3] * s;
        for (int k = 0; k < KEYPOINTS; k++) {
            g[4 + 2 * k] = ax + regression[offset + 4 + 2 * k] * s;
            g[5 + 2 * k] = ay + regression[offset + 5 + 2 * k] * s;
        }
        return g;
    }

    /** The logistic function, the networks' score outputs being logits. */
    static float sigmoid(float logit) {
        return (float) (1.0 / (1.0 + Math.exp(-logit)));
    }
}
