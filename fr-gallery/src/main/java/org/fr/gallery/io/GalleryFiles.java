package org.fr.gallery.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import org.fr.gallery.GallerySnapshot;

/**
 * Saves and loads galleries ({@link GallerySnapshot}s). Stateless and thread-safe.
 *
 * <p><b>Formats.</b> {@link #save} picks the format from the extension: {@code .json} (any case) writes JSON, anything
 * else writes the binary format (use {@code .frg}). {@link #load} ignores the extension and sniffs the content: JSON
 * starts with <code>{</code> after whitespace, the binary format with the magic {@code FRG1}.
 * <ul>
 *   <li>JSON: <code>{"format":"fr-gallery","version":1,"model":ID,"dimension":D,"threshold":T,"scoring":"max",
 *       "identities":[{"name":N,"metadata":{...},"embeddings":["base64 of little-endian float32",...]}]}</code>,
 *       written and read as a stream.</li>
 *   <li>Binary: header, identity table, all vectors as one contiguous little-endian float32 block, CRC32; see
 *       the layout in {@code BinaryGalleryFormat}. Loading maps the file and validates every count, length and the
 *       checksum before allocating.</li>
 * </ul>
 *
 * <p><b>Crash safety.</b> A save writes {@code .<name>.tmp-<random>} next to the file, fsyncs it, renames it over the
 * file atomically and fsyncs the directory: after a crash, kill or power loss the file holds the old gallery or the
 * new one, never a mix. A failed save deletes its temp file and leaves the old file untouched; only a killed process
 * leaves a temp file behind (see {@link #deleteStaleTempFiles}).
 *
 * <p><b>Errors</b> are {@link GalleryFileException}s with one-line messages that start with the file, e.g.
 * {@code face_db.json: identities[3].embeddings[0]: expected 2048 bytes of base64 float32 (dimension 512), got 1000}.
 */
public final class GalleryFiles {
    private static final int SNIFF_CHUNK = 512;

    private GalleryFiles() {}

    /**
     * Saves atomically: the file is replaced by the complete new gallery or, on failure, left as it was. A symbolic
     * link is followed (the link stays, its target is replaced).
     *
     * @throws GalleryFileException if it cannot be written (directory missing, disk full, a duplicate identity name,
     *                              a non-finite vector ...)
     */
    public static void save(GallerySnapshot snapshot, Path file) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(file, "file");
        String problem = Limits.unsaveable(snapshot);
        if (problem != null) throw new GalleryFileException(file, "cannot save: " + problem);
        boolean json = isJsonName(file);
        AtomicFiles.replace(file, ch -> {
            if (json) JsonGalleryFormat.write(snapshot, ch);
            else BinaryGalleryFormat.write(snapshot, ch);
        });
    }

    /**
     * Loads a gallery in either format (sniffed from the content).
     *
     * @throws GalleryFileException if the file is missing, unreadable, truncated, corrupt, of a newer version, or not
     *                              a gallery
     */
    public static GallerySnapshot load(Path file) {
        Objects.requireNonNull(file, "file");
        return load(file, null);
    }

    /**
     * Loads a gallery and checks that it holds embeddings of the given model and dimension; the check is made as soon
     * as the header is read, before the vectors.
     *
     * @throws GalleryFileException as {@link #load(Path)}, and if the gallery is of another model or dimension
     */
    public static GallerySnapshot load(Path file, String expectedModelId, int expectedDimension) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(expectedModelId, "expectedModelId");
        if (expectedDimension <= 0) throw new IllegalArgumentException("expectedDimension must be positive: " + expectedDimension);
        return load(file, new Expected(expectedModelId, expectedDimension));
    }

    /**
     * Deletes the temp files that saves of {@code file} left behind when their process was killed mid-save and that
     * were last modified more than {@code olderThan} ago (pick a margin longer than any save, so as not to delete the
     * temp file of a save running now).
     *
     * @return how many were deleted
     */
    public static int deleteStaleTempFiles(Path file, Duration olderThan) {
        Objects.requireNonNull(file, "file");
        if (olderThan.isNegative()) throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        return AtomicFiles.deleteStaleTemps(file, olderThan);
    }

    static boolean isJsonName(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static GallerySnapshot load(Path file, Expected expected) {
        if (Files.isDirectory(file)) throw new GalleryFileException(file, "is a directory, not a gallery file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) throw new GalleryFileException(file, "empty file, not an fr gallery");
            return switch (sniff(file, ch)) {
                case JSON -> {
                    ch.position(0);
                    InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
                    yield JsonGalleryFormat.read(file, in, ch.size(), expected);
                }
                case BINARY -> BinaryGalleryFormat.read(file, ch, expected);
            };
        } catch (NoSuchFileException e) {
            throw new GalleryFileException(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new GalleryFileException(file, "permission denied", e);
        } catch (IOException e) {
            throw new GalleryFileException(file, "cannot read: " + AtomicFiles.describe(e), e);
        }
    }

    private enum Kind { JSON, BINARY }

    private static Kind sniff(Path file, FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SNIFF_CHUNK);
        long pos = 0;
        while (true) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) throw new GalleryFileException(file, "not an fr gallery (only whitespace)");
            for (int i = 0; i < n; i++) {
                byte b = buf.get(i);
                if (pos == 0 && i == 0 && n >= 3 && b == (byte) 0xEF && buf.get(1) == (byte) 0xBB && buf.get(2) == (byte) 0xBF) {
                    i += 2; // UTF-8 byte order mark
                    continue;
                }
                if (b == ' ' || b == '\t' || b == '\n' || b == '\r') continue;
                if (b == '{') return Kind.JSON;
                if (pos + i == 0) {
                    // The binary format starts with the magic: a (possibly truncated) prefix of it is binary.
                    for (int j = 0; j < Math.min(n, BinaryGalleryFormat.MAGIC.length); j++) {
                        if (buf.get(j) != BinaryGalleryFormat.MAGIC[j]) throw new GalleryFileException(file, "not an fr gallery (bad magic)");
                    }
                    return Kind.BINARY;
                }
                throw new GalleryFileException(file, "not an fr gallery (bad magic)");
            }
            pos += n;
        }
    }
}
