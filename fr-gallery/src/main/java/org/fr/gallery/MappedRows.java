package org.fr.gallery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Float32 rows kept outside the Java heap, in a memory-mapped temporary file, for the exact re-ranking of the
 * compact stores' shortlists: the heap then holds only the compact copy that searches scan, and the operating
 * system pages in just the rows a re-ranking touches (and may evict them again). The file is unlinked as soon as
 * it is opened, so nothing is left behind even if the process dies; its space is freed when this object is
 * collected. Rows are stored in chunks of whole rows (at most 64 MiB each), so a row never spans two mappings.
 *
 * <p>Not thread-safe for writes; concurrent reads ({@link #get}) are safe. {@link FlatGallery} guards writes with
 * its lock.
 */
final class MappedRows {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final long CHUNK_BYTES = 64L << 20;

    private final int dimension;
    private final int rowsPerChunk;
    private final FileChannel channel;
    private final List<FloatBuffer> chunks = new ArrayList<>();

    MappedRows(int dimension) {
        this.dimension = dimension;
        this.rowsPerChunk = (int) Math.max(1, CHUNK_BYTES / ((long) dimension * Float.BYTES));
        try {
            Path file = Files.createTempFile("fr-gallery-rows-", ".f32");
            this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the temporary file for the float32 re-ranking rows in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        FileChannel ch = channel;
        CLEANER.register(this, () -> {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do: the file is already unlinked
            }
        });
    }

    /** Maps chunks until at least {@code rows} rows fit. */
    void ensureRows(int rows) {
        try {
            while ((long) chunks.size() * rowsPerChunk < rows) {
                long bytes = (long) rowsPerChunk * dimension * Float.BYTES;
                FloatBuffer fb = channel.map(FileChannel.MapMode.READ_WRITE, chunks.size() * bytes, bytes)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                chunks.add(fb);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grow the float32 re-ranking rows to " + rows + " rows: " + e.getMessage(), e);
        }
    }

    void set(int r, float[] v) {
        chunks.get(r / rowsPerChunk).put((r % rowsPerChunk) * dimension, v, 0, dimension);
    }

    void get(int r, float[] dst) {
        chunks.get(r / rowsPerChunk).get((r % rowsPerChunk) * dimension, dst, 0, dimension);
    }

    /** Bytes mapped (file-backed, outside the heap). */
    long mappedBytes() {
        return (long) chunks.size() * rowsPerChunk * dimension * Float.BYTES;
    }
}
