package org.fr.gallery;

/**
 * How {@link FlatGallery} holds the vectors it scans for each search.
 *
 * <p>Whatever the store, searches return exact float32 similarities: {@link #INT8} and {@link #FLOAT16} scan a
 * compact copy to shortlist candidates and re-rank the shortlist with the float32 vectors, which are kept too. The
 * compact stores therefore cost more heap in total than {@link #FLOAT32}; what they save is the bytes streamed
 * from memory per search (see {@link FlatGallery#footprint()}), and their results are approximate only in recall
 * (a true top candidate can, rarely, miss the shortlist), never in the similarities reported.
 *
 * <p>Speed: with the Vector API module in the JVM ({@code --add-modules jdk.incubator.vector}, as the {@code fr}
 * launcher runs) the float32 and int8 scans are SIMD ({@link DotKernels}); measured with
 * {@code GallerySearchBenchmark} on 2 cores, a top-10 search over 10,000 x 512 took 0.52 ms with FLOAT32 and
 * 0.49 ms with INT8, over 100,000 x 512 8.0 ms and 2.9 ms (the larger scan is memory-bound, where int8's quarter
 * of the bytes pays). Without the module the kernels are plain loops and
 * C2 does not vectorise the int8 or half-precision dot products, so the compact stores then pay off only where
 * the scan is memory-bound. FLOAT16 is widened value by value in either case.
 */
public enum VectorStore {
    /** Float32 rows, scanned exactly: 4 bytes per dimension. The default. */
    FLOAT32(4),
    /**
     * Symmetric per-row int8 quantisation ({@code q = round(v / s * 127)}, {@code s = max|v|}, kept per row as a
     * float): {@code dimension + 4} bytes per row scanned, about a quarter of float32. Candidates are shortlisted by
     * an int8 dot product with the quantised probe and re-ranked exactly with the float32 rows.
     */
    INT8(1),
    /**
     * IEEE 754 binary16 rows (values below the smallest normal half, 2^-14, are flushed to zero): 2 bytes per
     * dimension scanned. Candidates are shortlisted with the half-precision values and re-ranked exactly with the
     * float32 rows. Java 17 has no half-precision arithmetic, so each value is widened in the scan loop.
     */
    FLOAT16(2);

    private final int bytesPerValue;

    VectorStore(int bytesPerValue) {
        this.bytesPerValue = bytesPerValue;
    }

    /** Bytes of the scanned copy of one row of {@code dimension} values (int8 adds its 4-byte scale). */
    public long scannedBytesPerRow(int dimension) {
        return (long) bytesPerValue * dimension + (this == INT8 ? Float.BYTES : 0);
    }

    /** Whether the scan is approximate and followed by an exact float32 re-ranking of a shortlist. */
    public boolean reranks() {
        return this != FLOAT32;
    }
}
