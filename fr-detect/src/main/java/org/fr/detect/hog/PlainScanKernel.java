package org.fr.detect.hog;

import java.util.Arrays;

/**
 * The plain-Java scan loop: per filter row and feature, the products of the filter row's columns summed as a
 * balanced tree and added to each window's score (ten columns; other widths one multiply-add per weight along the
 * row). Stateless and thread-safe.
 */
final class PlainScanKernel implements ScanKernel {
    @Override
    public void scoreRow(float[] row, int x0, int outW, float[] data, int plane, int fx, int y, float[] w, int cw, int ch, float bias) {
        Arrays.fill(row, 0, outW, bias);
        int dims = HogFeatures.DIMS;
        for (int dy = 0; dy < ch; dy++) {
            for (int k = 0; k < dims; k++) {
                int s = k * plane + (y + dy) * fx + x0, wb = (dy * dims + k) * cw;
                if (cw == 10) addTenTaps(row, outW, data, s, w, wb);
                else {
                    for (int dx = 0; dx < cw; dx++) {
                        float wk = w[wb + dx];
                        int sd = s + dx;
                        for (int x = 0; x < outW; x++) row[x] += wk * data[sd + x];
                    }
                }
            }
        }
    }

    private static void addTenTaps(float[] row, int n, float[] data, int s, float[] w, int wb) {
        float w0 = w[wb], w1 = w[wb + 1], w2 = w[wb + 2], w3 = w[wb + 3], w4 = w[wb + 4];
        float w5 = w[wb + 5], w6 = w[wb + 6], w7 = w[wb + 7], w8 = w[wb + 8], w9 = w[wb + 9];
        for (int x = 0; x < n; x++) {
            int i = s + x;
            row[x] += ((w0 * data[i] + w1 * data[i + 1]) + (w2 * data[i + 2] + w3 * data[i + 3]))
                    + ((w4 * data[i + 4] + w5 * data[i + 5]) + (w6 * data[i + 6] + w7 * data[i + 7]))
                    + (w8 * data[i + 8] + w9 * data[i + 9]);
        }
    }

    @Override
    public String name() { return "plain"; }
}
