package org.fr.detect.mtcnn;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes P-Net's output maps into candidates. The network runs on the transposed image (it was trained that way),
 * so its maps come as {@code [1, X, Y, C]}: cell {@code (x, y)} of the map at index {@code (x * Y + y) * C + c}.
 * Channel 1 of the probability map is "face"; the four regression channels are {@code dx1, dy1, dx2, dy2}. Cell
 * {@code (x, y)} stands for the 12x12 window at {@code (2x, 2y)} of the scaled image (P-Net's stride is 2), i.e. the
 * box {@code [2x / s, 2y / s, (2x + 12) / s, (2y + 12) / s]} of the original image at scale {@code s}.
 * Stateless and thread-safe.
 */
final class PnetMaps {
    static final int STRIDE = 2;

    private PnetMaps() {}

    /**
     * Candidates of the cells whose face probability is at least {@code threshold}.
     *
     * @param prob  {@code [1, mapX, mapY, 2]}
     * @param reg   {@code [1, mapX, mapY, 4]}
     */
    static List<Candidate> decode(float[] prob, float[] reg, int mapX, int mapY, float scale, float threshold) {
        if (prob.length != mapX * mapY * 2 || reg.length != mapX * mapY * 4) {
            throw new IllegalArgumentException("P-Net maps of " + prob.length + " and " + reg.length + " values do not fit a "
                    + mapX + "x" + mapY + " map");
        }
        List<Candidate> out = new ArrayList<>();
        for (int x = 0; x < mapX; x++) {
            for (int y = 0; y < mapY; y++) {
                int cell = x * mapY + y;
                float p = prob[cell * 2 + 1];
                if (p < threshold) continue;
                float x1 = STRIDE * x / scale, y1 = STRIDE * y / scale;
                float x2 = (STRIDE * x + ImagePyramid.WINDOW) / scale, y2 = (STRIDE * y + ImagePyramid.WINDOW) / scale;
                out.add(Candidate.of(x1, y1, x2, y2, p, reg, cell * 4));
            }
        }
        return out;
    }

    /** P-Net's map side for an input side: three valid 3x3 convolutions around a 2x2 max pool rounding up. */
    static int mapSide(int inputSide) {
        return Math.max(0, (inputSide - 2 + 1) / 2 - 4);
    }
}
