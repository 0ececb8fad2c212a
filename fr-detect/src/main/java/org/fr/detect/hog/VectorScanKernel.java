package org.fr.detect.hog;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD scan loop on the JDK's incubating Vector API at the machine's preferred width: per filter row and
 * feature, the ten columns' weights broadcast once, then for each vector of windows ten fused multiply-adds in two
 * chains added to the scores (other widths: one fused multiply-add per weight along the row).
 * Loaded only when {@code jdk.incubator.vector} is in the boot layer (see {@link ScanKernel}). Stateless and
 * thread-safe.
 */
final class VectorScanKernel implements ScanKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    VectorScanKernel() {
        if (F.length() * 4 > SLACK) throw new IllegalStateException("vectors of " + F.length() + " floats exceed the scan's slack");
    }

    @Override
    public void scoreRow(float[] row, int x0, int outW, float[] data, int plane, int fx, int y, float[] w, int cw, int ch, float bias) {
        if (cw != 10) {
            int step = F.length(), dims = HogFeatures.DIMS;
            java.util.Arrays.fill(row, 0, outW, bias);
            for (int dy = 0; dy < ch; dy++) {
                for (int k = 0; k < dims; k++) {
                    int s = k * plane + (y + dy) * fx + x0, wb = (dy * dims + k) * cw;
                    for (int dx = 0; dx < cw; dx++) {
                        FloatVector wv = FloatVector.broadcast(F, w[wb + dx]);
                        for (int x = 0; x < outW; x += step) {
                            FloatVector.fromArray(F, data, s + dx + x).fma(wv, FloatVector.fromArray(F, row, x)).intoArray(row, x);
                        }
                    }
                }
            }
            return;
        }
        scoreRows(row, outW + SLACK, 1, x0, outW, data, plane, fx, y, w, cw, ch, bias);
    }

    @Override
    public void scoreRows(float[] rows, int stride, int nRows, int x0, int outW, float[] data, int plane, int fx, int y, float[] w, int cw, int ch, float bias) {
        if (cw != 10) {
            ScanKernel.super.scoreRows(rows, stride, nRows, x0, outW, data, plane, fx, y, w, cw, ch, bias);
            return;
        }
        int step = F.length(), dims = HogFeatures.DIMS;
        for (int r = 0; r < nRows; r++) java.util.Arrays.fill(rows, r * stride, r * stride + outW, bias);
        for (int dy = 0; dy < ch; dy++) {
            for (int k = 0; k < dims; k++) {
                int wb = (dy * dims + k) * cw;
                FloatVector w0 = FloatVector.broadcast(F, w[wb]), w1 = FloatVector.broadcast(F, w[wb + 1]);
                FloatVector w2 = FloatVector.broadcast(F, w[wb + 2]), w3 = FloatVector.broadcast(F, w[wb + 3]);
                FloatVector w4 = FloatVector.broadcast(F, w[wb + 4]), w5 = FloatVector.broadcast(F, w[wb + 5]);
                FloatVector w6 = FloatVector.broadcast(F, w[wb + 6]), w7 = FloatVector.broadcast(F, w[wb + 7]);
                FloatVector w8 = FloatVector.broadcast(F, w[wb + 8]), w9 = FloatVector.broadcast(F, w[wb + 9]);
                for (int r = 0; r < nRows; r++) {
                    int s = k * plane + (y + r + dy) * fx + x0, o = r * stride;
                    for (int x = 0; x < outW; x += step) {
                        int i = s + x;
                        FloatVector a = FloatVector.fromArray(F, data, i).mul(w0);
                        FloatVector b = FloatVector.fromArray(F, data, i + 1).mul(w1);
                        a = FloatVector.fromArray(F, data, i + 2).fma(w2, a);
                        b = FloatVector.fromArray(F, data, i + 3).fma(w3, b);
                        a = FloatVector.fromArray(F, data, i + 4).fma(w4, a);
                        b = FloatVector.fromArray(F, data, i + 5).fma(w5, b);
                        a = FloatVector.fromArray(F, data, i + 6).fma(w6, a);
                        b = FloatVector.fromArray(F, data, i + 7).fma(w7, b);
                        a = FloatVector.fromArray(F, data, i + 8).fma(w8, a);
                        b = FloatVector.fromArray(F, data, i + 9).fma(w9, b);
                        FloatVector.fromArray(F, rows, o + x).add(a.add(b)).intoArray(rows, o + x);
                    }
                }
            }
        }
    }

    @Override
    public String name() { return "simd-" + F.vectorBitSize(); }
}
