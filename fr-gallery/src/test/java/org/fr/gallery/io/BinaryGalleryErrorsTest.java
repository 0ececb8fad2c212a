package org.fr.gallery.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.fr.Gallery;
import org.fr.gallery.GallerySnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of bad binary gallery gives its own one-line error naming the file. */
class BinaryGalleryErrorsTest {
    @TempDir
    Path dir;
    Path good;
    byte[] bytes;
    int headerEnd;
    long tableLength;
    int vectorStart;

    @BeforeEach
    void saveAGoodOne() throws IOException {
        good = dir.resolve("gallery.frg");
        GalleryFiles.save(TestGalleries.simple("arcface-r100", 512, 5), good);
        bytes = Files.readAllBytes(good);
        ByteBuffer b = le(bytes);
        headerEnd = 44 + b.getInt(40) + 4;
        tableLength = b.getLong(32);
        vectorStart = (int) (headerEnd + tableLength);
        assertThat(headerEnd).isEqualTo(44 + "arcface-r100".length() + 4);
        assertThat(bytes.length).isEqualTo(vectorStart + 5 * 512 * 4 + 4);
    }

    @Test
    void truncatedAtEveryHeaderAndTableOffsetAndSomeVectorOffsets() throws IOException {
        Path cut = dir.resolve("cut.frg");
        Files.write(cut, new byte[0]);
        assertThatThrownBy(() -> GalleryFiles.load(cut)).isInstanceOf(GalleryFileException.class).hasMessage(cut + ": empty file, not an fr gallery");
        for (int n = 1; n < headerEnd; n++) {
            Files.write(cut, Arrays.copyOf(bytes, n));
            String shorter = n < 44 ? "shorter than the 48-byte header" : "shorter than its " + headerEnd + "-byte header";
            assertThatThrownBy(() -> GalleryFiles.load(cut)).as("cut at %d", n).isInstanceOf(GalleryFileException.class)
                    .hasMessage(cut + ": truncated: the file is " + n + " bytes, " + shorter);
        }
        int size = bytes.length;
        int[] inVectors = {vectorStart, vectorStart + 1, vectorStart + 2047, vectorStart + 2048, vectorStart + 5000, size - 5, size - 4, size - 1};
        for (int n = headerEnd; n <= size - 1; n = n < vectorStart ? n + 1 : size) check(cut, n);
        for (int n : inVectors) check(cut, n);
    }

    private void check(Path cut, int n) throws IOException {
        Files.write(cut, Arrays.copyOf(bytes, n));
        long needed = tableLength + 5 * 512 * 4 + 4;
        assertThatThrownBy(() -> GalleryFiles.load(cut)).as("cut at %d", n).isInstanceOf(GalleryFileException.class)
                .hasMessage(cut + ": truncated: header says 5 embeddings of dimension 512 (10240 bytes) after an identity table of "
                        + tableLength + " bytes, but only " + (n - headerEnd) + " bytes remain (" + needed + " needed with the checksum)");
    }

    @Test
    void headerPromisingMoreThanTheFileHolds() throws IOException {
        ByteBuffer b = le(bytes);
        b.putLong(24, 100_000);
        fixChecksums(bytes);
        Files.write(good, bytes);
        long remain = bytes.length - headerEnd;
        assertThatThrownBy(() -> GalleryFiles.load(good)).hasMessage(good + ": truncated: header says 100000 embeddings of dimension 512 "
                + "(204800000 bytes) after an identity table of " + tableLength + " bytes, but only " + remain + " bytes remain ("
                + (tableLength + 204_800_000L + 4) + " needed with the checksum)");
    }

    @Test
    void everyFlippedByteIsCaught() throws IOException {
        GallerySnapshot s = TestGalleries.small("m", 16, Gallery.Scoring.MEAN);
        Path file = dir.resolve("small.frg");
        GalleryFiles.save(s, file);
        byte[] all = Files.readAllBytes(file);
        int end = 44 + 1 + 4;
        Path bad = dir.resolve("bad.frg");
        for (int i = 0; i < all.length; i++) {
            byte[] copy = all.clone();
            copy[i] ^= 0x5A;
            Files.write(bad, copy);
            GalleryFileException e = catchThrowableOfType(GalleryFileException.class, () -> GalleryFiles.load(bad));
            assertThat(e).as("flipped byte %d", i).isNotNull();
            String m = e.getMessage();
            if (i < 4) assertThat(m).isEqualTo(bad + ": not an fr gallery (bad magic)");
            else if (i < 8) assertThat(m).containsAnyOf("is newer than this fr reads", "corrupt header: version");
            else if (i < end) assertThat(m).as("flipped byte %d", i).startsWith(bad + ": corrupt header");
            else assertThat(m).as("flipped byte %d", i).matches("\\Q" + bad + ": checksum mismatch: stored crc32 \\E[0-9a-f]{8}, computed [0-9a-f]{8} \\(the file is corrupt\\)");
        }
        assertThat(GalleryFiles.load(file)).isEqualTo(s);
    }

    @Test
    void notAGallery() throws IOException {
        Path gif = Files.write(dir.resolve("photo.frg"), "GIF89a\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> GalleryFiles.load(gif)).isInstanceOf(GalleryFileException.class).hasMessage(gif + ": not an fr gallery (bad magic)");
        Path text = Files.writeString(dir.resolve("notes.json"), "hello");
        assertThatThrownBy(() -> GalleryFiles.load(text)).hasMessage(text + ": not an fr gallery (bad magic)");
        Path frg2 = Files.write(dir.resolve("x.frg"), "FRG2".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> GalleryFiles.load(frg2)).hasMessage(frg2 + ": not an fr gallery (bad magic)");
        Path sub = Files.createDirectory(dir.resolve("sub.frg"));
        assertThatThrownBy(() -> GalleryFiles.load(sub)).isInstanceOf(GalleryFileException.class).hasMessage(sub + ": is a directory, not a gallery file");
        Path missing = dir.resolve("missing.frg");
        assertThatThrownBy(() -> GalleryFiles.load(missing)).isInstanceOf(GalleryFileException.class).hasMessage(missing + ": no such file");
        GalleryFileException e = catchThrowableOfType(GalleryFileException.class, () -> GalleryFiles.load(missing));
        assertThat(e.file()).isEqualTo(missing);
        assertThat(e.problem()).isEqualTo("no such file");
        assertThat(e).isInstanceOf(org.fr.FrException.class);
    }

    @Test
    void newerVersion() throws IOException {
        le(bytes).putInt(4, 2);
        Files.write(good, bytes);
        assertThatThrownBy(() -> GalleryFiles.load(good)).hasMessage(good + ": version 2 is newer than this fr reads (1)");
    }

    @Test
    void trailingBytes() throws IOException {
        Files.write(good, Arrays.copyOf(bytes, bytes.length + 3));
        assertThatThrownBy(() -> GalleryFiles.load(good))
                .hasMessage(good + ": corrupt: 3 unexpected bytes at the end (the file is longer than its header says)");
    }

    @Test
    void badContentBehindValidChecksums() throws IOException {
        // A vector that is not unit length.
        byte[] copy = bytes.clone();
        le(copy).putFloat(vectorStart + 2 * 2048, 7f);
        expectCrafted(copy, "identity 'id-2' embedding 0 is not unit length");
        // A NaN.
        copy = bytes.clone();
        le(copy).putFloat(vectorStart + 3 * 2048 + 4 * 9, Float.NaN);
        expectCrafted(copy, "identity 'id-3' embedding 0 holds a non-finite value (NaN at index 9)");
        // Two identities with the same name: "id-1" becomes "id-0".
        copy = bytes.clone();
        String table = new String(copy, headerEnd, (int) tableLength, StandardCharsets.ISO_8859_1);
        copy[headerEnd + table.indexOf("id-1") + 3] = '0';
        expectCrafted(copy, "identity table: identity 1: duplicate identity name 'id-0' (also identity 0)");
        // A name longer than the table.
        copy = bytes.clone();
        le(copy).putInt(headerEnd, 1 << 20);
        expectCrafted(copy, "identity table: identity 0 name: length 1048576 exceeds the " + (tableLength - 4) + " bytes left in the identity table");
        // Invalid UTF-8 in a name.
        copy = bytes.clone();
        copy[headerEnd + 4] = (byte) 0xC3;
        expectCrafted(copy, "identity table: identity 0 name is not valid UTF-8");
        // Embedding counts that disagree with the header: one vector dropped and the header count lowered to match.
        copy = Arrays.copyOf(bytes, bytes.length - 2048);
        le(copy).putLong(24, 4);
        expectCrafted(copy, "identity table: identity 4 ('id-4'): embedding count 1 exceeds the header's total of 4");
        // A bad threshold and scoring code.
        copy = bytes.clone();
        le(copy).putFloat(12, 2f);
        expectCrafted(copy, "corrupt header: threshold 2.0 is not in [-1, 1]");
        copy = bytes.clone();
        le(copy).putInt(16, 7);
        expectCrafted(copy, "corrupt header: scoring code 7");
    }

    @Test
    void anotherModelOrDimensionIsRefusedBeforeTheVectors() throws IOException {
        assertThatThrownBy(() -> GalleryFiles.load(good, "facenet", 512)).isInstanceOf(GalleryFileException.class)
                .hasMessage(good + ": wrong model: expected model 'facenet' with dimension 512, found model 'arcface-r100' with dimension 512");
        assertThatThrownBy(() -> GalleryFiles.load(good, "arcface-r100", 128))
                .hasMessage(good + ": wrong model: expected model 'arcface-r100' with dimension 128, found model 'arcface-r100' with dimension 512");
        // Truncated vectors: the wrong model is reported without reading them.
        Files.write(good, Arrays.copyOf(bytes, vectorStart + 10));
        assertThatThrownBy(() -> GalleryFiles.load(good, "facenet", 128)).hasMessageContaining("wrong model");
        assertThatThrownBy(() -> GalleryFiles.load(good, "arcface-r100", 512)).hasMessageContaining("truncated");
    }

    private void expectCrafted(byte[] content, String problem) throws IOException {
        fixChecksums(content);
        Files.write(good, content);
        assertThatThrownBy(() -> GalleryFiles.load(good)).isInstanceOf(GalleryFileException.class).hasMessageStartingWith(good + ": " + problem);
    }

    /** Recomputes the header and file checksums, as a buggy writer (not a disk) would produce them. */
    static void fixChecksums(byte[] b) {
        ByteBuffer buf = le(b);
        int m = buf.getInt(40);
        CRC32 h = new CRC32();
        h.update(b, 0, 44 + m);
        buf.putInt(44 + m, (int) h.getValue());
        CRC32 all = new CRC32();
        all.update(b, 0, b.length - 4);
        buf.putInt(b.length - 4, (int) all.getValue());
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }
}
