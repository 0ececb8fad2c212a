package org.fr.gallery;

import java.util.Arrays;

/**
 * Rows of {@code dimension} floats. For {@link VectorStore#FLOAT32}: one contiguous primitive array (row {@code r}
 * at offset {@code r * dimension}), growing by doubling, scanned by every search. For the {@link VectorStore#INT8}
 * and {@link VectorStore#FLOAT16} stores: the compact copy the scans read in a contiguous heap array, and the
 * float32 rows, read only to re-rank a shortlist exactly, in {@link MappedRows} outside the heap, so the heap holds
 * a quarter (int8) or a half (float16) of the float32 bytes.
 * Also holds the scan kernels, written as plain indexed loops that C2 compiles to tight (unrolled, partly
 * vectorised) code without {@code jdk.incubator.vector}.
 *
 * <p>Not thread-safe: {@link FlatGallery} guards it with its lock.
 */
final class VectorMatrix {
    /** Java arrays are int-indexed: rows * dimension must stay below this. */
    static final int MAX_VALUES = Integer.MAX_VALUE - 16;

    private static final float HALF_PROBE_SCALE = 0x1p112f;

    final int dimension;
    final VectorStore store;
    private float[] f32;          // FLOAT32 store only
    private final MappedRows mapped; // compact stores only
    private byte[] i8;
    private float[] i8Scale; // max|v| / 127 per row
    private short[] f16;
    private int rows;
    private int capacity;

    VectorMatrix(int dimension, VectorStore store, int initialRows) {
        this.dimension = dimension;
        this.store = store;
        this.capacity = 0;
        this.f32 = store == VectorStore.FLOAT32 ? new float[0] : null;
        this.mapped = store == VectorStore.FLOAT32 ? null : new MappedRows(dimension);
        if (store == VectorStore.INT8) {
            i8 = new byte[0];
            i8Scale = new float[0];
        } else if (store == VectorStore.FLOAT16) {
            f16 = new short[0];
        }
        if (initialRows > 0) ensureCapacity(initialRows);
    }

    int rows() { return rows; }

    int capacity() { return capacity; }

    int maxRows() { return MAX_VALUES / dimension; }

    /** Grows (by doubling) to hold at least {@code needed} rows; changes nothing if that exceeds the limit. */
    void ensureCapacity(int needed) {
        if (needed <= capacity) return;
        if (needed < 0 || needed > maxRows()) {
            throw new IllegalStateException("a flat gallery holds at most " + maxRows() + " rows of dimension "
                    + dimension + " (Java arrays are int-indexed); asked for " + Integer.toUnsignedString(needed));
        }
        int grown = (int) Math.min(maxRows(), Math.max((long) needed, Math.max(16L, 2L * capacity)));
        float[] nf = f32 == null ? null : Arrays.copyOf(f32, grown * dimension);
        if (mapped != null) mapped.ensureRows(grown);
        byte[] ni = i8 == null ? null : Arrays.copyOf(i8, grown * dimension);
        float[] ns = i8Scale == null ? null : Arrays.copyOf(i8Scale, grown);
        short[] nh = f16 == null ? null : Arrays.copyOf(f16, grown * dimension);
        f32 = nf;
        i8 = ni;
        i8Scale = ns;
        f16 = nh;
        capacity = grown;
    }

    /** Appends a row (growing if needed); returns its index. */
    int append(float[] v) {
        ensureCapacity(rows + 1);
        set(rows, v);
        return rows++;
    }

    /** Overwrites row {@code r} and its compact copy. */
    void set(int r, float[] v) {
        int off = r * dimension;
        if (f32 != null) System.arraycopy(v, 0, f32, off, dimension);
        else mapped.set(r, v);
        if (i8 != null) {
            float max = 0f;
            for (int i = 0; i < dimension; i++) max = Math.max(max, Math.abs(v[i]));
            float inv = max == 0f ? 0f : 127f / max;
            for (int i = 0; i < dimension; i++) i8[off + i] = (byte) Math.round(v[i] * inv);
            i8Scale[r] = max / 127f;
        } else if (f16 != null) {
            for (int i = 0; i < dimension; i++) {
                float x = v[i];
                f16[off + i] = Half.fromFloat(Math.abs(x) < Half.MIN_NORMAL ? 0f : x);
            }
        }
    }

    /** Copies row {@code from} (all copies) over row {@code to}. */
    void move(int from, int to) {
        if (f32 != null) System.arraycopy(f32, from * dimension, f32, to * dimension, dimension);
        else mapped.set(to, row(from));
        if (i8 != null) {
            System.arraycopy(i8, from * dimension, i8, to * dimension, dimension);
            i8Scale[to] = i8Scale[from];
        } else if (f16 != null) {
            System.arraycopy(f16, from * dimension, f16, to * dimension, dimension);
        }
    }

    /** Drops the last row. */
    void removeLast() {
        rows--;
    }

    /** A copy of row {@code r}'s float32 values. */
    float[] row(int r) {
        if (f32 != null) return Arrays.copyOfRange(f32, r * dimension, (r + 1) * dimension);
        float[] v = new float[dimension];
        mapped.get(r, v);
        return v;
    }

    /** Adds row {@code r}'s float32 values to {@code sum}. */
    void addTo(int r, double[] sum) {
        if (f32 == null) {
            float[] v = row(r);
            for (int i = 0; i < dimension; i++) sum[i] += v[i];
            return;
        }
        int off = r * dimension;
        for (int i = 0; i < dimension; i++) sum[i] += f32[off + i];
    }

    /** The exact float32 dot product of row {@code r} with {@code probe}, clamped to [-1, 1]. */
    float exact(int r, float[] probe) {
        if (f32 != null) return clamp(dot(f32, r * dimension, probe, dimension));
        return clamp(dot(row(r), 0, probe, dimension));
    }

    long scannedBytesPerRow() {
        return store.scannedBytesPerRow(dimension);
    }

    /** Bytes of the float32 rows mapped outside the heap (compact stores), spare capacity included. */
    long mappedBytes() {
        return mapped == null ? 0 : mapped.mappedBytes();
    }

    /** Bytes of the primitive arrays held on the heap, spare capacity included. */
    long allocatedBytes() {
        long b = f32 == null ? 0 : (long) f32.length * Float.BYTES;
        if (i8 != null) b += i8.length + (long) i8Scale.length * Float.BYTES;
        if (f16 != null) b += (long) f16.length * Short.BYTES;
        return b;
    }

    // ---------------------------------------------------------------- exact scans (float32)

    /** Offers the clamped exact score of every row in [from, to) to the heap. */
    void topExact(int from, int to, float[] probe, RowHeap heap) {
        final float[] a = f32;
        final int d = dimension;
        float floor = heap.floor();
        for (int r = from, off = from * d; r < to; r++, off += d) {
            float s = clamp(dot(a, off, probe, d));
            if (s >= floor) {
                heap.offer(s, r);
                floor = heap.floor();
            }
        }
    }

    /** For every row in [from, to): {@code best[owner[r]] = max(best[owner[r]], score)}. */
    void bestExact(int from, int to, float[] probe, int[] owner, float[] best) {
        final float[] a = f32;
        final int d = dimension;
        for (int r = from, off = from * d; r < to; r++, off += d) {
            float s = clamp(dot(a, off, probe, d));
            int o = owner[r];
            if (s > best[o]) best[o] = s;
        }
    }

    // ---------------------------------------------------------------- approximate scans (int8 / float16)

    /** A probe prepared for the approximate scan of this store. Immutable; shared by the chunks of one search. */
    static final class Probe {
        final byte[] q;      // INT8: round(p / max|p| * 127)
        final float qScale;  // INT8: max|p| / 127
        final float[] wide;  // FLOAT16: p * 2^112 (the scan widens halves to float * 2^-112)

        private Probe(byte[] q, float qScale, float[] wide) {
            this.q = q;
            this.qScale = qScale;
            this.wide = wide;
        }
    }

    Probe prepare(float[] p) {
        if (store == VectorStore.INT8) {
            float max = 0f;
            for (float x : p) max = Math.max(max, Math.abs(x));
            float inv = max == 0f ? 0f : 127f / max;
            byte[] q = new byte[dimension];
            for (int i = 0; i < dimension; i++) q[i] = (byte) Math.round(p[i] * inv);
            return new Probe(q, max / 127f, null);
        }
        if (store == VectorStore.FLOAT16) {
            float[] w = new float[dimension];
            for (int i = 0; i < dimension; i++) w[i] = p[i] * HALF_PROBE_SCALE;
            return new Probe(null, 0f, w);
        }
        throw new IllegalStateException("the float32 store has no approximate scan");
    }

    /** The approximate score of row {@code r} (int8 or float16 dot product). */
    float approx(int r, Probe p) {
        if (i8 != null) return idot(i8, r * dimension, p.q, dimension) * (i8Scale[r] * p.qScale);
        return hdot(f16, r * dimension, p.wide, dimension);
    }

    /** Offers the approximate score of every row in [from, to) to the heap. */
    void topApprox(int from, int to, Probe p, RowHeap heap) {
        final int d = dimension;
        float floor = heap.floor();
        if (i8 != null) {
            final byte[] a = i8;
            final float[] sc = i8Scale;
            final byte[] q = p.q;
            final float qs = p.qScale;
            for (int r = from, off = from * d; r < to; r++, off += d) {
                float s = idot(a, off, q, d) * (sc[r] * qs);
                if (s >= floor) {
                    heap.offer(s, r);
                    floor = heap.floor();
                }
            }
        } else {
            final short[] a = f16;
            final float[] w = p.wide;
            for (int r = from, off = from * d; r < to; r++, off += d) {
                float s = hdot(a, off, w, d);
                if (s >= floor) {
                    heap.offer(s, r);
                    floor = heap.floor();
                }
            }
        }
    }

    /** For every row in [from, to): {@code best[owner[r]] = max(best[owner[r]], approximate score)}. */
    void bestApprox(int from, int to, Probe p, int[] owner, float[] best) {
        for (int r = from; r < to; r++) {
            float s = approx(r, p);
            int o = owner[r];
            if (s > best[o]) best[o] = s;
        }
    }

    // ---------------------------------------------------------------- kernels

    static float clamp(float s) {
        return Math.max(-1f, Math.min(1f, s));
    }

    private static final DotKernels KERNELS = DotKernels.INSTANCE;

    /** {@code sum a[off + i] * b[i]} over {@code d} values ({@link DotKernels#INSTANCE}). */
    static float dot(float[] a, int off, float[] b, int d) {
        return KERNELS.dot(a, off, b, d);
    }

    /** Int8 dot product, exact in int: |sum| <= 127 * 127 * d. */
    static int idot(byte[] a, int off, byte[] b, int d) {
        return KERNELS.idot(a, off, b, d);
    }

    /** Dot product of halves (widened by bit placement, scaled by 2^-112) with a probe scaled by 2^112. */
    static float hdot(short[] a, int off, float[] w, int d) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            int o = off + i;
            s0 += Half.toFloatScaledDown(a[o]) * w[i];
            s1 += Half.toFloatScaledDown(a[o + 1]) * w[i + 1];
            s2 += Half.toFloatScaledDown(a[o + 2]) * w[i + 2];
            s3 += Half.toFloatScaledDown(a[o + 3]) * w[i + 3];
        }
        for (; i < d; i++) s0 += Half.toFloatScaledDown(a[off + i]) * w[i];
        return (s0 + s1) + (s2 + s3);
    }
}
