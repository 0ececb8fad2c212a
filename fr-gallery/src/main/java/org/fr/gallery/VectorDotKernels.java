package org.fr.gallery;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD scan loops on the JDK's incubating Vector API at the machine's preferred width (AVX2: 8 floats), with two
 * independent accumulators. Loaded only when {@code jdk.incubator.vector} is in the boot layer (see
 * {@link DotKernels}). Stateless and thread-safe.
 */
final class VectorDotKernels implements DotKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Bytes loaded per step: as many as the int lanes they widen into. */
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64.length() == I.length()
            ? ByteVector.SPECIES_64 : ByteVector.SPECIES_128.length() == I.length() ? ByteVector.SPECIES_128 : null;

    @Override
    public float dot(float[] a, int off, float[] b, int d) {
        int step = F.length(), i = 0;
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        for (; i + 2 * step <= d; i += 2 * step) {
            acc0 = FloatVector.fromArray(F, a, off + i).fma(FloatVector.fromArray(F, b, i), acc0);
            acc1 = FloatVector.fromArray(F, a, off + i + step).fma(FloatVector.fromArray(F, b, i + step), acc1);
        }
        for (; i + step <= d; i += step) {
            acc0 = FloatVector.fromArray(F, a, off + i).fma(FloatVector.fromArray(F, b, i), acc0);
        }
        float s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < d; i++) s += a[off + i] * b[i];
        return s;
    }

    @Override
    public int idot(byte[] a, int off, byte[] b, int d) {
        if (B == null) return plainIdot(a, off, b, d, 0, 0);
        int step = I.length(), i = 0;
        IntVector acc = IntVector.zero(I);
        for (; i + step <= d; i += step) {
            IntVector x = (IntVector) ByteVector.fromArray(B, a, off + i).convertShape(VectorOperators.B2I, I, 0);
            IntVector y = (IntVector) ByteVector.fromArray(B, b, i).convertShape(VectorOperators.B2I, I, 0);
            acc = x.mul(y).add(acc);
        }
        return plainIdot(a, off, b, d, i, acc.reduceLanes(VectorOperators.ADD));
    }

    private static int plainIdot(byte[] a, int off, byte[] b, int d, int from, int s) {
        for (int i = from; i < d; i++) s += a[off + i] * b[i];
        return s;
    }

    @Override
    public String name() { return "simd-" + F.vectorBitSize(); }
}
