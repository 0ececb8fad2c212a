package org.fr.onnx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.fr.RgbImage;

/**
 * The kernel behind {@link ImageTensors#nchwHalved}: an interleaved RGB image shrunk by exactly two (each output value
 * the rounded mean {@code (a + b + c + d + 2) >> 2} of a 2x2 block, as {@link org.fr.Resampler} does) and written
 * as normalised planar floats, in one pass.
 *
 * <p>Four output pixels come from 24 bytes of each of two source rows, read as three little-endian longs per row
 * (six loads instead of 48 byte loads). Each long is split into its even and odd bytes in 16-bit lanes
 * ({@code (v & 0x00FF..) } and {@code (v >>> 8) & 0x00FF..}), the two rows are added lane by lane, and the
 * horizontal neighbours (three bytes apart, so one even and one odd lane) are added with lane shifts where both lie
 * in one long, else one by one. Lanes never overflow: a sum of four bytes plus the rounding term is at most 1022.
 * The result equals the plain per-byte formula exactly (tested against it).
 *
 * <p>Stateless and thread-safe.
 */
final class HalvedNchw {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long BYTES = 0x00FF00FF00FF00FFL, ROUND = 0x0002000200020002L, MEAN_BITS = 0x3FFF3FFF3FFF3FFFL;

    private HalvedNchw() {}

    /**
     * Writes the 3x(H/2)x(W/2) planes of {@code img} halved, as {@code (v - mean) * scale}, at the absolute positions
     * 0 to 3 * (W/2) * (H/2) - 1 of {@code out}. Each output row is built in a small array (three channel rows) and
     * then put in bulk, so a direct buffer is written with block copies rather than value by value.
     */
    static void write(RgbImage img, float mean, float scale, FloatBuffer out) {
        int w = img.width() / 2, h = img.height() / 2, plane = w * h, stride = img.width() * 3;
        if (out.capacity() < 3 * plane) throw new IllegalArgumentException("need room for " + 3 * plane + " values, got " + out.capacity());
        byte[] src = img.pixels();
        float[] data = new float[3 * w];
        int g = w, b = 2 * w;
        for (int y = 0; y < h; y++) {
            int r0 = 2 * y * stride, r1 = r0 + stride, o = 0, x = 0;
            for (; x + 4 <= w; x += 4, r0 += 24, r1 += 24, o += 4) {
                long a0 = (long) LONG.get(src, r0), a1 = (long) LONG.get(src, r0 + 8), a2 = (long) LONG.get(src, r0 + 16);
                long b0 = (long) LONG.get(src, r1), b1 = (long) LONG.get(src, r1 + 8), b2 = (long) LONG.get(src, r1 + 16);
                // column sums of the two rows: e = bytes 0, 2, 4, 6 of the word, d = bytes 1, 3, 5, 7
                long e0 = (a0 & BYTES) + (b0 & BYTES), d0 = ((a0 >>> 8) & BYTES) + ((b0 >>> 8) & BYTES);
                long e1 = (a1 & BYTES) + (b1 & BYTES), d1 = ((a1 >>> 8) & BYTES) + ((b1 >>> 8) & BYTES);
                long e2 = (a2 & BYTES) + (b2 & BYTES), d2 = ((a2 >>> 8) & BYTES) + ((b2 >>> 8) & BYTES);
                // rounded block means of the pairs that lie within one word (the lanes named are the ones used)
                long m0 = ((e0 + (d0 >>> 16) + ROUND) >>> 2) & MEAN_BITS; // lane 0: pixel 0 R, lane 1: pixel 0 B
                long n0 = ((d0 + (e0 >>> 32) + ROUND) >>> 2) & MEAN_BITS; // lane 0: pixel 0 G
                long m1 = ((e1 + (d1 >>> 16) + ROUND) >>> 2) & MEAN_BITS; // lane 0: pixel 1 B, lane 2: pixel 2 R
                long m2 = ((e2 + (d2 >>> 16) + ROUND) >>> 2) & MEAN_BITS; // lane 1: pixel 3 R, lane 2: pixel 3 B
                long n2 = ((d2 + (e2 >>> 32) + ROUND) >>> 2) & MEAN_BITS; // lane 1: pixel 3 G
                data[o] = (lane(m0, 0) - mean) * scale;
                data[g + o] = (lane(n0, 0) - mean) * scale;
                data[b + o] = (lane(m0, 1) - mean) * scale;
                data[o + 1] = (((lane(e0, 3) + lane(d1, 0) + 2) >> 2) - mean) * scale;
                data[g + o + 1] = (((lane(d0, 3) + lane(e1, 1) + 2) >> 2) - mean) * scale;
                data[b + o + 1] = (lane(m1, 0) - mean) * scale;
                data[o + 2] = (lane(m1, 2) - mean) * scale;
                data[g + o + 2] = (((lane(d1, 2) + lane(e2, 0) + 2) >> 2) - mean) * scale;
                data[b + o + 2] = (((lane(e1, 3) + lane(d2, 0) + 2) >> 2) - mean) * scale;
                data[o + 3] = (lane(m2, 1) - mean) * scale;
                data[g + o + 3] = (lane(n2, 1) - mean) * scale;
                data[b + o + 3] = (lane(m2, 2) - mean) * scale;
            }
            for (; x < w; x++, o++, r0 += 6, r1 += 6) {
                data[o] = (mean4(src, r0, r1) - mean) * scale;
                data[g + o] = (mean4(src, r0 + 1, r1 + 1) - mean) * scale;
                data[b + o] = (mean4(src, r0 + 2, r1 + 2) - mean) * scale;
            }
            out.put(y * w, data, 0, w);
            out.put(plane + y * w, data, g, w);
            out.put(2 * plane + y * w, data, b, w);
        }
    }

    private static int lane(long v, int i) {
        return (int) (v >>> (16 * i)) & 0xFFFF;
    }

    /** The rounded mean of the values at i and i + 3 of two rows starting at r0 and r1. */
    private static int mean4(byte[] src, int r0, int r1) {
        return ((src[r0] & 0xFF) + (src[r0 + 3] & 0xFF) + (src[r1] & 0xFF) + (src[r1 + 3] & 0xFF) + 2) >> 2;
    }
}
