package org.fr.detect.hog;

/**
 * The inner loop of {@link HogScanner}: the scores of a row of windows. Two implementations give the same scores up
 * to float summation order: {@link PlainScanKernel} (plain Java, always available) and {@code VectorScanKernel}
 * (SIMD through the JDK's incubating Vector API, used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, as the {@code fr} launcher, the tests and the benchmarks do).
 * {@link #INSTANCE} is chosen once, when this class loads; the system property {@code fr.hog.simd=false} forces the
 * plain loop. Implementations are stateless and thread-safe.
 */
interface ScanKernel {
    /**
     * {@code row[x] = bias + sum_{dy, k, dx} w[(dy * DIMS + k) * cw + dx] * data[k * plane + (y + dy) * fx + x0 + x + dx]}
     * for x in {@code [0, outW)} (the windows from column {@code x0} on): the weights reordered filter row, feature,
     * column ({@link #reorder}). {@code row}
     * and {@code data} hold at least {@link #SLACK} values past the last ones used (they may be written / read).
     */
    void scoreRow(float[] row, int x0, int outW, float[] data, int plane, int fx, int y, float[] w, int cw, int ch, float bias);

    /**
     * {@link #scoreRow} for the {@code nRows} rows {@code y .. y + nRows - 1}, row {@code r} into
     * {@code rows[r * stride ..]} ({@code stride >= outW + SLACK}); each window's score is computed with the same
     * operations in the same order as by {@link #scoreRow}, so the scores are identical. Kernels override it to
     * broadcast each weight once per block of rows.
     */
    default void scoreRows(float[] rows, int stride, int nRows, int x0, int outW, float[] data, int plane, int fx, int y, float[] w, int cw, int ch, float bias) {
        float[] row = new float[outW + SLACK];
        for (int r = 0; r < nRows; r++) {
            scoreRow(row, x0, outW, data, plane, fx, y + r, w, cw, ch, bias);
            System.arraycopy(row, 0, rows, r * stride, outW);
        }
    }

    /** Values past the end of the row and of the feature data a kernel may touch. */
    int SLACK = 64;

    /** A short name for reports: {@code plain} or {@code simd-<bits>}. */
    String name();

    /** The model's weights (row, column, feature) reordered row, feature, column. */
    static float[] reorder(HogModel m) {
        int cw = m.cellsX(), ch = m.cellsY(), d = HogFeatures.DIMS;
        float[] w = m.weights(), out = new float[w.length];
        for (int dy = 0; dy < ch; dy++) {
            for (int dx = 0; dx < cw; dx++) {
                for (int k = 0; k < d; k++) out[(dy * d + k) * cw + dx] = w[(dy * cw + dx) * d + k];
            }
        }
        return out;
    }

    ScanKernel INSTANCE = Selection.choose();

    /** Picks the SIMD kernel when the Vector API module is present and not disabled. */
    final class Selection {
        private Selection() {}

        static ScanKernel choose() {
            if (!Boolean.parseBoolean(System.getProperty("fr.hog.simd", "true"))) return new PlainScanKernel();
            ScanKernel v = vector();
            return v != null ? v : new PlainScanKernel();
        }

        /** The SIMD kernel, or null when the Vector API module is absent. */
        static ScanKernel vector() {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return null;
            try {
                return (ScanKernel) Class.forName("org.fr.detect.hog.VectorScanKernel").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }
    }
}
