package org.fr.gallery.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.gallery.GallerySnapshot;

/**
 * The binary gallery format ({@code .frg}), for large galleries. All numbers little-endian.
 *
 * <pre>
 * offset  size  field
 *  0       4    magic "FRG1"
 *  4       4    int32  format version (1)
 *  8       4    int32  dimension D (1 .. 2^20)
 * 12       4    float32 threshold (in [-1, 1])
 * 16       4    int32  scoring (0 = MAX, 1 = MEAN)
 * 20       4    int32  identity count I
 * 24       8    int64  embedding count E (0 .. 2^31-1)
 * 32       8    int64  identity table length T in bytes (padding included)
 * 40       4    int32  model id length M (0 .. 4096)
 * 44       M    model id, UTF-8
 * 44+M     4    CRC32 of bytes [0, 44+M): the header checksum
 * 48+M     T    identity table: I entries of
 *                 int32 name length, name UTF-8,
 *                 int32 metadata pair count, per pair: int32 key length, key UTF-8, int32 value length, value UTF-8,
 *                 int32 embedding count,
 *               then zero padding so that the vector block starts at a multiple of 64 bytes
 * 48+M+T  4*D*E all embeddings, identity by identity, as one contiguous float32 block
 * end-4    4    CRC32 of everything before it
 * </pre>
 *
 * <p>Loading maps the file read-only, checks the header checksum, then every count and length against the file
 * size, then the whole-file checksum, and only then allocates; the vector block is read in bulk through a
 * {@link FloatBuffer}.
 */
final class BinaryGalleryFormat {
    static final byte[] MAGIC = {'F', 'R', 'G', '1'};
    static final int FIXED_HEADER = 44;
    static final int MAX_MODEL_ID = 4096;
    static final int VECTOR_ALIGNMENT = 64;
    private static final int MIN_IDENTITY_ENTRY = 13; // name length, one name byte, pair count, embedding count
    private static final long MAP_CHUNK = 1L << 30;
    private static final int WRITE_BUFFER = 4 << 20;

    private BinaryGalleryFormat() {}

    // ------------------------------------------------------------------------------------------------ writing

    static void write(GallerySnapshot s, FileChannel ch) throws IOException {
        byte[] model = s.modelId().getBytes(StandardCharsets.UTF_8); // at most MAX_MODEL_ID bytes: Limits.unsaveable
        int headerEnd = FIXED_HEADER + model.length + 4;
        byte[] table = table(s.identities(), headerEnd);

        ByteBuffer header = ByteBuffer.allocate(headerEnd).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(Limits.VERSION).putInt(s.dimension()).putFloat(s.threshold())
                .putInt(s.scoring() == Gallery.Scoring.MAX ? 0 : 1).putInt(s.identities().size())
                .putLong(s.embeddingCount()).putLong(table.length).putInt(model.length).put(model);
        CRC32 headerCrc = new CRC32();
        headerCrc.update(header.array(), 0, header.position());
        header.putInt((int) headerCrc.getValue());

        Out out = new Out(ch);
        out.put(header.array());
        out.put(table);
        float[] scratch = new float[s.dimension()];
        for (GalleryIdentity id : s.identities()) {
            for (int j = 0; j < id.embeddings().size(); j++) {
                Limits.copyForWriting(id.embeddings().get(j), scratch, id.name(), j);
                out.put(scratch);
            }
        }
        out.finish();
    }

    private static byte[] table(List<GalleryIdentity> ids, int headerEnd) throws IOException {
        Bytes t = new Bytes();
        for (GalleryIdentity id : ids) {
            t.string(id.name());
            t.int32(id.metadata().size());
            for (Map.Entry<String, String> m : new TreeMap<>(id.metadata()).entrySet()) {
                t.string(m.getKey());
                t.string(m.getValue());
            }
            t.int32(id.embeddings().size());
        }
        long end = (long) headerEnd + t.size();
        t.zeros((int) ((VECTOR_ALIGNMENT - end % VECTOR_ALIGNMENT) % VECTOR_ALIGNMENT));
        return t.toArray();
    }

    /** A little-endian growable byte array. */
    private static final class Bytes {
        private byte[] a = new byte[4096];
        private int n;

        void int32(int v) throws IOException {
            ensure(4);
            a[n++] = (byte) v;
            a[n++] = (byte) (v >>> 8);
            a[n++] = (byte) (v >>> 16);
            a[n++] = (byte) (v >>> 24);
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int32(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, a, n, b.length);
            n += b.length;
        }

        void zeros(int count) throws IOException {
            ensure(count);
            n += count;
        }

        int size() { return n; }

        byte[] toArray() { return Arrays.copyOf(a, n); }

        private void ensure(int more) throws IOException {
            if ((long) n + more > Integer.MAX_VALUE - 64) throw new IOException("identity table exceeds 2 GB");
            if (n + more > a.length) a = Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * a.length, (long) n + more)));
        }
    }

    /** Buffered channel writer that keeps the running CRC32 and appends it at the end. */
    private static final class Out {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(WRITE_BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32 crc = new CRC32();

        Out(FileChannel ch) { this.ch = ch; }

        void put(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                if (!buf.hasRemaining()) flush();
                int n = Math.min(b.length - off, buf.remaining());
                buf.put(b, off, n);
                off += n;
            }
        }

        void put(float[] v) throws IOException {
            int off = 0;
            while (off < v.length) {
                if (buf.remaining() < Float.BYTES) flush();
                int n = Math.min(v.length - off, buf.remaining() / Float.BYTES);
                buf.asFloatBuffer().put(v, off, n);
                buf.position(buf.position() + n * Float.BYTES);
                off += n;
            }
        }

        void finish() throws IOException {
            flush();
            buf.putInt((int) crc.getValue());
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }

        private void flush() throws IOException {
            buf.flip();
            crc.update(buf.duplicate());
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    static GallerySnapshot read(Path file, FileChannel ch, Expected expected) throws IOException {
        try {
            return new Reader(file, ch).read(expected);
        } catch (InternalError e) {
            // a mapped page could not be read: the file was truncated underneath us or the device failed
            throw new GalleryFileException(file, "the file changed or became unreadable while loading (" + e.getMessage() + ")", e);
        }
    }

    private static final class Reader {
        private final Path file;
        private final FileChannel ch;
        private final long size;

        Reader(Path file, FileChannel ch) throws IOException {
            this.file = file;
            this.ch = ch;
            this.size = ch.size();
        }

        GallerySnapshot read(Expected expected) throws IOException {
            if (size == 0) throw fail("empty file, not an fr gallery");
            ByteBuffer head = map(0, Math.min(size, FIXED_HEADER + MAX_MODEL_ID + 4));
            for (int i = 0; i < MAGIC.length; i++) {
                if (i >= size) throw fail("truncated: the file is " + size + " bytes, shorter than the " + (FIXED_HEADER + 4) + "-byte header");
                if (head.get(i) != MAGIC[i]) throw fail("not an fr gallery (bad magic)");
            }
            if (size < 8) throw fail("truncated: the file is " + size + " bytes, shorter than the " + (FIXED_HEADER + 4) + "-byte header");
            int version = head.getInt(4);
            if (version > Limits.VERSION) throw fail(Limits.newerVersion(Integer.toUnsignedLong(version)));
            if (version < 1) throw fail("corrupt header: version " + version);
            if (size < FIXED_HEADER) throw fail("truncated: the file is " + size + " bytes, shorter than the " + (FIXED_HEADER + 4) + "-byte header");
            int modelLength = head.getInt(40);
            if (modelLength < 0 || modelLength > MAX_MODEL_ID) throw fail("corrupt header: model id length " + modelLength);
            int headerEnd = FIXED_HEADER + modelLength + 4;
            if (size < headerEnd) throw fail("truncated: the file is " + size + " bytes, shorter than its " + headerEnd + "-byte header");
            CRC32 headerCrc = new CRC32();
            headerCrc.update(head.duplicate().position(0).limit(headerEnd - 4));
            if ((int) headerCrc.getValue() != head.getInt(headerEnd - 4)) throw fail("corrupt header (header checksum mismatch)");

            int dimension = head.getInt(8);
            float threshold = head.getFloat(12);
            int scoringCode = head.getInt(16);
            int identityCount = head.getInt(20);
            long embeddingCount = head.getLong(24);
            long tableLength = head.getLong(32);
            String modelId = Limits.utf8(head.duplicate().position(FIXED_HEADER).limit(FIXED_HEADER + modelLength));
            if (modelId == null) throw fail("corrupt header: model id is not valid UTF-8");
            if (dimension < 1 || dimension > Limits.MAX_DIMENSION) throw fail("corrupt header: dimension " + dimension);
            if (!(threshold >= -1f && threshold <= 1f)) throw fail("corrupt header: threshold " + threshold + " is not in [-1, 1]");
            if (scoringCode != 0 && scoringCode != 1) throw fail("corrupt header: scoring code " + scoringCode);
            if (identityCount < 0) throw fail("corrupt header: identity count " + identityCount);
            if (embeddingCount < 0 || embeddingCount > Integer.MAX_VALUE) throw fail("corrupt header: embedding count " + embeddingCount);
            if (tableLength < 0 || tableLength > Integer.MAX_VALUE - 8) throw fail("corrupt header: identity table length " + tableLength);
            if ((long) identityCount * MIN_IDENTITY_ENTRY > tableLength) {
                throw fail("corrupt header: " + identityCount + " identities cannot fit in an identity table of " + tableLength + " bytes");
            }
            Expected.check(expected, file, modelId, dimension);

            // Every length against the file size, before allocating anything.
            long vectorBytes = embeddingCount * dimension * Float.BYTES;
            long needed = tableLength + vectorBytes + 4;
            long remain = size - headerEnd;
            if (remain < needed) {
                throw fail("truncated: header says " + embeddingCount + " embeddings of dimension " + dimension + " ("
                        + vectorBytes + " bytes) after an identity table of " + tableLength + " bytes, but only "
                        + remain + " bytes remain (" + needed + " needed with the checksum)");
            }
            if (remain > needed) throw fail("corrupt: " + (remain - needed) + " unexpected bytes at the end (the file is longer than its header says)");

            verifyChecksum();

            List<Entry> entries = readTable(headerEnd, (int) tableLength, identityCount, embeddingCount);
            return snapshot(entries, modelId, dimension, threshold, scoringCode == 0 ? Gallery.Scoring.MAX : Gallery.Scoring.MEAN,
                    headerEnd + tableLength, (int) embeddingCount);
        }

        private void verifyChecksum() throws IOException {
            CRC32 crc = new CRC32();
            long end = size - 4;
            for (long pos = 0; pos < end; pos += MAP_CHUNK) crc.update(map(pos, Math.min(MAP_CHUNK, end - pos)));
            int stored = map(end, 4).getInt(0);
            int computed = (int) crc.getValue();
            if (stored != computed) {
                throw fail(String.format("checksum mismatch: stored crc32 %08x, computed %08x (the file is corrupt)", stored, computed));
            }
        }

        private record Entry(String name, Map<String, String> metadata, int embeddings) {}

        private List<Entry> readTable(long start, int length, int identityCount, long embeddingCount) throws IOException {
            ByteBuffer t = map(start, length);
            List<Entry> entries = new ArrayList<>(identityCount);
            Map<String, Integer> names = new HashMap<>();
            long total = 0;
            for (int i = 0; i < identityCount; i++) {
                String where = "identity table: identity " + i;
                String name = string(t, where + " name");
                if (name.isBlank()) throw fail(where + ": blank name");
                Integer before = names.put(name, i);
                if (before != null) throw fail(where + ": duplicate identity name '" + name + "' (also identity " + before + ")");
                int pairs = int32(t, where + " metadata count");
                if (pairs < 0 || (long) pairs * 8 > t.remaining()) throw fail(where + " ('" + name + "'): metadata count " + pairs + " does not fit in the table");
                Map<String, String> metadata = new HashMap<>(Math.max(4, pairs * 2));
                for (int j = 0; j < pairs; j++) {
                    String key = string(t, where + " metadata key " + j);
                    String value = string(t, where + " metadata value " + j);
                    if (metadata.put(key, value) != null) throw fail(where + " ('" + name + "'): duplicate metadata key '" + key + "'");
                }
                int count = int32(t, where + " embedding count");
                if (count < 0 || total + count > embeddingCount) {
                    throw fail(where + " ('" + name + "'): embedding count " + count + " exceeds the header's total of " + embeddingCount);
                }
                total += count;
                entries.add(new Entry(name, metadata, count));
            }
            if (total != embeddingCount) throw fail("identity table: identities hold " + total + " embeddings, header says " + embeddingCount);
            int padding = t.remaining();
            if (padding >= VECTOR_ALIGNMENT) throw fail("identity table: " + padding + " unexplained bytes at its end");
            while (t.hasRemaining()) if (t.get() != 0) throw fail("identity table: non-zero padding");
            return entries;
        }

        private GallerySnapshot snapshot(List<Entry> entries, String modelId, int dimension, float threshold,
                                         Gallery.Scoring scoring, long vectorStart, int embeddingCount) throws IOException {
            int perChunk = (int) Math.max(1, MAP_CHUNK / ((long) dimension * Float.BYTES));
            List<GalleryIdentity> identities = new ArrayList<>(entries.size());
            float[] scratch = new float[dimension];
            FloatBuffer vectors = null;
            long nextChunk = vectorStart;
            int left = embeddingCount;
            for (Entry entry : entries) {
                List<Embedding> embeddings = new ArrayList<>(entry.embeddings());
                for (int j = 0; j < entry.embeddings(); j++) {
                    if (vectors == null || !vectors.hasRemaining()) {
                        int n = Math.min(perChunk, left);
                        long bytes = (long) n * dimension * Float.BYTES;
                        vectors = map(nextChunk, bytes).asFloatBuffer();
                        nextChunk += bytes;
                        left -= n;
                    }
                    vectors.get(scratch);
                    try {
                        embeddings.add(Limits.readBack(modelId, scratch));
                    } catch (IllegalArgumentException e) {
                        throw fail("identity '" + entry.name() + "' embedding " + j + " " + e.getMessage());
                    }
                }
                identities.add(new GalleryIdentity(entry.name(), embeddings, entry.metadata()));
            }
            try {
                return new GallerySnapshot(modelId, dimension, threshold, scoring, identities);
            } catch (IllegalArgumentException e) {
                throw fail("invalid gallery: " + e.getMessage());
            }
        }

        private int int32(ByteBuffer t, String what) {
            if (t.remaining() < 4) throw fail(what + ": the identity table ends early");
            return t.getInt();
        }

        private String string(ByteBuffer t, String what) {
            int n = int32(t, what + " length");
            if (n < 0 || n > t.remaining()) throw fail(what + ": length " + n + " exceeds the " + t.remaining() + " bytes left in the identity table");
            ByteBuffer slice = t.slice().limit(n);
            t.position(t.position() + n);
            String s = Limits.utf8(slice);
            if (s == null) throw fail(what + " is not valid UTF-8");
            return s;
        }

        private ByteBuffer map(long position, long length) throws IOException {
            return ch.map(FileChannel.MapMode.READ_ONLY, position, length).order(ByteOrder.LITTLE_ENDIAN);
        }

        private GalleryFileException fail(String problem) {
            return new GalleryFileException(file, problem);
        }
    }
}
