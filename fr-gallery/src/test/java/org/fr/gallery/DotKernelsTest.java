package org.fr.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The SIMD kernels against the plain ones (the build runs tests with the Vector API module). */
class DotKernelsTest {
    private final DotKernels plain = new PlainDotKernels();
    private final DotKernels simd = new VectorDotKernels();

    @Test
    void testJvmUsesTheSimdKernels() {
        assertThat(DotKernels.INSTANCE.name()).startsWith("simd-");
    }

    /** Float dot products agree to 1e-5 relative to the sum of |a_i b_i| (summation order differs). */
    @Test
    void floatDotMatchesPlainForEveryLengthAndOffset() {
        SplittableRandom r = new SplittableRandom(3);
        for (int d = 1; d <= 600; d += (d < 40 ? 1 : 37)) {
            for (int off : new int[] {0, 1, 7, 13}) {
                float[] a = new float[off + d + 5], b = new float[d];
                double mag = 0;
                for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
                for (int i = 0; i < d; i++) {
                    b[i] = (float) (r.nextDouble() * 2 - 1);
                    mag += Math.abs(a[off + i] * b[i]);
                }
                assertThat(simd.dot(a, off, b, d)).as("d=%d off=%d", d, off)
                        .isCloseTo(plain.dot(a, off, b, d), within((float) (1e-5 * mag + 1e-7)));
            }
        }
    }

    @Test
    void int8DotIsExact() {
        SplittableRandom r = new SplittableRandom(5);
        for (int d = 1; d <= 600; d += (d < 40 ? 1 : 37)) {
            for (int off : new int[] {0, 3, 16}) {
                byte[] a = new byte[off + d + 3], b = new byte[d];
                for (int i = 0; i < a.length; i++) a[i] = (byte) (r.nextInt(255) - 127);
                for (int i = 0; i < d; i++) b[i] = (byte) (r.nextInt(255) - 127);
                assertThat(simd.idot(a, off, b, d)).as("d=%d off=%d", d, off).isEqualTo(plain.idot(a, off, b, d));
            }
        }
        byte[] extreme = new byte[512];
        java.util.Arrays.fill(extreme, (byte) -127);
        assertThat(simd.idot(extreme, 0, extreme, 512)).isEqualTo(127 * 127 * 512);
    }
}
