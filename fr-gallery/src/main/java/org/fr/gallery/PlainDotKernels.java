package org.fr.gallery;

/** Plain-Java scan loops; the reference the SIMD kernels are tested against. Stateless and thread-safe. */
final class PlainDotKernels implements DotKernels {
    /**
     * Eight independent accumulators so the adds pipeline (a single float accumulator serialises on the add
     * latency: Java forbids reassociating it).
     */
    @Override
    public float dot(float[] a, int off, float[] b, int d) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int i = 0;
        for (; i + 7 < d; i += 8) {
            int o = off + i;
            s0 += a[o] * b[i];
            s1 += a[o + 1] * b[i + 1];
            s2 += a[o + 2] * b[i + 2];
            s3 += a[o + 3] * b[i + 3];
            s4 += a[o + 4] * b[i + 4];
            s5 += a[o + 5] * b[i + 5];
            s6 += a[o + 6] * b[i + 6];
            s7 += a[o + 7] * b[i + 7];
        }
        for (; i < d; i++) s0 += a[off + i] * b[i];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** A plain loop: int adds may be reassociated, so C2 can vectorise it. */
    @Override
    public int idot(byte[] a, int off, byte[] b, int d) {
        int s = 0;
        for (int i = 0; i < d; i++) s += a[off + i] * b[i];
        return s;
    }

    @Override
    public String name() { return "plain"; }
}
