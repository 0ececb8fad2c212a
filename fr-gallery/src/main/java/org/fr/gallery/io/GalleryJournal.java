package org.fr.gallery.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

import org.fr.Embedding;

/**
 * An append-only, fsync'ed, checksummed log of gallery changes (enrolments and removals), kept beside a gallery file
 * so that each change is durable at the cost of one small append instead of a whole-gallery save.
 *
 * <p><b>Layout</b> (little-endian): the header {@code FRJ1}, the model id (u16 length + UTF-8) and the dimension
 * (i32); then records, each {@code i32 payloadLength, i32 crc32(payload), payload}. A payload is {@code u8 op},
 * the identity (i32 length + UTF-8) and, for an enrolment ({@code op = 1}), the metadata (i32 count, then key and
 * value strings) and the embeddings (i32 count, then {@code count * dimension} float32); a removal ({@code op = 2})
 * has nothing more.
 *
 * <p><b>Durability.</b> {@link #append} writes a record and returns the journal's end position; {@link #sync} returns
 * once everything up to a position is on disk (fdatasync). Concurrent syncs are grouped: one force covers every record
 * appended before it, so many writers share one disk flush.
 *
 * <p><b>Recovery.</b> {@link #read} returns the records in order and stops at the first record that is cut short or
 * fails its checksum (a crash mid-append can only damage the last record, which was never acknowledged);
 * {@link #open} truncates the file there so that new records follow the last good one.
 *
 * <p>Thread-safe. Must be closed.
 */
public final class GalleryJournal implements AutoCloseable {
    static final byte[] MAGIC = {'F', 'R', 'J', '1'};
    static final byte ENROLL = 1;
    static final byte REMOVE = 2;
    /** The largest payload accepted when reading: larger lengths are damage, not records. */
    static final int MAX_PAYLOAD = 256 << 20;

    /** One change: an enrolment (embeddings non-empty) or a removal (embeddings empty, {@link #removal()} true). */
    public record Change(String identity, List<Embedding> embeddings, Map<String, String> metadata, boolean removal) {
        public Change {
            Objects.requireNonNull(identity, "identity");
            embeddings = List.copyOf(embeddings);
            metadata = Map.copyOf(metadata);
        }
    }

    /**
     * What a journal file held.
     *
     * @param changes      the intact records, in order
     * @param goodLength   the byte length up to the end of the last intact record
     * @param droppedBytes bytes after it (a record cut short by a crash, or damage); 0 for a clean journal
     */
    public record Contents(List<Change> changes, long goodLength, long droppedBytes) {}

    private final Path file;
    private final String modelId;
    private final int dimension;
    private final FileChannel channel;
    private final Object appendLock = new Object();
    private final Object syncLock = new Object();
    private long end;            // guarded by appendLock
    private volatile long synced; // written under syncLock

    private GalleryJournal(Path file, String modelId, int dimension, FileChannel channel, long end) {
        this.file = file;
        this.modelId = modelId;
        this.dimension = dimension;
        this.channel = channel;
        this.end = end;
        this.synced = end;
    }

    /** The journal kept beside a gallery file: {@code <file>.journal}. */
    public static Path beside(Path galleryFile) {
        return galleryFile.resolveSibling(galleryFile.getFileName() + ".journal");
    }

    /**
     * Reads a journal; a missing file, or one cut short inside its header, holds no change.
     *
     * @throws GalleryFileException if it is unreadable, not a journal, or one of another model or dimension
     */
    public static Contents read(Path file, String modelId, int dimension) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Contents(List.of(), 0, 0);
        } catch (IOException e) {
            throw new GalleryFileException(file, "cannot read journal: " + AtomicFiles.describe(e), e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] header = header(modelId, dimension);
        if (bytes.length < header.length) {
            // Cut short while it was being created: no record can have been written yet.
            if (!Arrays.equals(bytes, Arrays.copyOf(header, bytes.length))) {
                throw new GalleryFileException(file, "not an fr gallery journal of model " + modelId + "/" + dimension);
            }
            return new Contents(List.of(), 0, bytes.length);
        }
        if (!Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new GalleryFileException(file, "not an fr gallery journal (bad magic)");
        }
        if (!Arrays.equals(Arrays.copyOf(bytes, header.length), header)) {
            throw new GalleryFileException(file, "journal of another model or dimension than " + modelId + "/" + dimension);
        }
        in.position(header.length);
        List<Change> changes = new ArrayList<>();
        long good = header.length;
        CRC32 crc = new CRC32();
        while (in.remaining() >= 8) {
            int length = in.getInt();
            int sum = in.getInt();
            if (length <= 0 || length > MAX_PAYLOAD || length > in.remaining()) break;
            crc.reset();
            crc.update(bytes, in.position(), length);
            if ((int) crc.getValue() != sum) break;
            ByteBuffer payload = in.slice(in.position(), length).order(ByteOrder.LITTLE_ENDIAN);
            Change c;
            try {
                c = decode(payload, modelId, dimension);
            } catch (RuntimeException damaged) {
                break; // a checksummed record that does not decode: written by something else; stop as for damage
            }
            changes.add(c);
            in.position(in.position() + length);
            good = in.position();
        }
        return new Contents(changes, good, bytes.length - good);
    }

    /**
     * Opens a journal for appending, creating it (with its header, fsync'ed) when missing, and truncating a damaged
     * tail after the last intact record.
     */
    public static GalleryJournal open(Path file, String modelId, int dimension) {
        Objects.requireNonNull(modelId, "modelId");
        Contents contents = read(file, modelId, dimension);
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                long end = contents.goodLength();
                if (end == 0) {
                    ch.truncate(0);
                    writeFully(ch, ByteBuffer.wrap(header(modelId, dimension)), 0);
                    end = ch.position(0).size();
                    ch.force(true);
                    fsyncDirectory(file.toAbsolutePath().getParent());
                } else if (ch.size() != end) {
                    ch.truncate(end);
                    ch.force(true);
                }
                return new GalleryJournal(file, modelId, dimension, ch, end);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new GalleryFileException(file, "cannot open journal: " + AtomicFiles.describe(e), e);
        }
    }

    public Path file() { return file; }

    /**
     * Appends a change (not yet durable: call {@link #sync} with the returned position).
     *
     * @return the journal's end position after the record
     */
    public long append(Change change) {
        byte[] payload = encode(change);
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer record = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        synchronized (appendLock) {
            try {
                writeFully(channel, record, end);
            } catch (IOException e) {
                try {
                    channel.truncate(end); // leave no partial record for later appends to follow
                } catch (IOException ignored) {
                    // the reader drops a partial tail anyway
                }
                throw new GalleryFileException(file, "cannot append to journal: " + AtomicFiles.describe(e), e);
            }
            end += record.capacity();
            return end;
        }
    }

    /** Returns once every record up to {@code position} is on disk; one flush serves all writers waiting at the time. */
    public void sync(long position) {
        if (synced >= position) return;
        synchronized (syncLock) {
            if (synced >= position) return;
            long target;
            synchronized (appendLock) {
                target = end;
            }
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new GalleryFileException(file, "cannot sync journal: " + AtomicFiles.describe(e), e);
            }
            synced = target;
        }
    }

    /** Empties the journal (after its changes were saved in the gallery file), keeping the header. */
    public void reset() {
        synchronized (syncLock) {
            synchronized (appendLock) {
                try {
                    long header = header(modelId, dimension).length;
                    channel.truncate(header);
                    channel.force(true);
                    end = header;
                    synced = header;
                } catch (IOException e) {
                    throw new GalleryFileException(file, "cannot reset journal: " + AtomicFiles.describe(e), e);
                }
            }
        }
    }

    /** Bytes of records in the journal (0 when empty). */
    public long recordBytes() {
        synchronized (appendLock) {
            return end - header(modelId, dimension).length;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new GalleryFileException(file, "cannot close journal: " + AtomicFiles.describe(e), e);
        }
    }

    // ---------------------------------------------------------------- encoding

    static byte[] header(String modelId, int dimension) {
        byte[] model = modelId.getBytes(StandardCharsets.UTF_8);
        if (model.length > 0xFFFF) throw new IllegalArgumentException("model id too long: " + model.length + " bytes");
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + model.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) model.length).put(model).putInt(dimension);
        return b.array();
    }

    private byte[] encode(Change c) {
        byte[] identity = c.identity().getBytes(StandardCharsets.UTF_8);
        List<byte[]> meta = new ArrayList<>();
        for (var e : c.metadata().entrySet()) {
            meta.add(e.getKey().getBytes(StandardCharsets.UTF_8));
            meta.add(e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        long size = 1 + 4 + identity.length;
        if (!c.removal()) {
            size += 4 + 4L * meta.size() + meta.stream().mapToLong(m -> m.length).sum();
            size += 4 + 4L * c.embeddings().size() * dimension;
        }
        if (size > MAX_PAYLOAD) throw new IllegalArgumentException("change of " + c.identity() + " too large for the journal: " + size + " bytes");
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(c.removal() ? REMOVE : ENROLL).putInt(identity.length).put(identity);
        if (!c.removal()) {
            b.putInt(meta.size() / 2);
            for (byte[] m : meta) b.putInt(m.length).put(m);
            b.putInt(c.embeddings().size());
            for (Embedding e : c.embeddings()) {
                if (!e.modelId().equals(modelId) || e.dimension() != dimension) {
                    throw new IllegalArgumentException("embedding of model " + e.modelId() + "/" + e.dimension()
                            + " in a journal of " + modelId + "/" + dimension);
                }
                for (float v : e.values()) b.putFloat(v);
            }
        }
        return b.array();
    }

    private static Change decode(ByteBuffer b, String modelId, int dimension) {
        byte op = b.get();
        String identity = string(b);
        if (op == REMOVE) {
            if (b.hasRemaining()) throw new IllegalStateException("trailing bytes");
            return new Change(identity, List.of(), Map.of(), true);
        }
        if (op != ENROLL) throw new IllegalStateException("unknown op " + op);
        int metaCount = b.getInt();
        if (metaCount < 0) throw new IllegalStateException("negative count");
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < metaCount; i++) meta.put(string(b), string(b));
        int count = b.getInt();
        if (count <= 0 || (long) count * dimension * 4 != b.remaining()) throw new IllegalStateException("bad embedding count");
        List<Embedding> embeddings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] v = new float[dimension];
            for (int j = 0; j < dimension; j++) v[j] = b.getFloat();
            embeddings.add(Embedding.ofUnitVector(modelId, v));
        }
        return new Change(identity, embeddings, meta, false);
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) throw new IllegalStateException("bad string length");
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) p += ch.write(buf, p);
    }

    private static void fsyncDirectory(Path dir) {
        if (dir == null) return;
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // platforms that cannot sync a directory
        }
    }
}
