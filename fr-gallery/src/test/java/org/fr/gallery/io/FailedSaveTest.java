package org.fr.gallery.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.gallery.GallerySnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save that fails leaves the previous file byte for byte as it was and no temp file behind. (Tests run as root,
 * where a read-only directory does not stop a write, so the failures are made otherwise.)
 */
class FailedSaveTest {
    @TempDir
    Path dir;
    Path file;
    byte[] before;

    @BeforeEach
    void saveTheOldOne() throws IOException {
        file = dir.resolve("face_db.frg");
        GalleryFiles.save(TestGalleries.simple("m", 64, 3), file);
        before = Files.readAllBytes(file);
    }

    @Test
    void writerFailingMidWay() throws IOException {
        Throwable t = catchThrowable(() -> AtomicFiles.replace(file, ch -> {
            ch.write(ByteBuffer.wrap(new byte[100_000]));
            assertThat(TestGalleries.othersIn(dir, "face_db.frg")).singleElement().asString().startsWith(".face_db.frg.tmp-");
            throw new IOException("No space left on device");
        }));
        assertThat(t).isInstanceOf(GalleryFileException.class).hasMessage(file + ": cannot save: No space left on device");
        assertUntouched();
    }

    @Test
    void serialisationThrowingAnUncheckedException() throws IOException {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable t = catchThrowable(() -> AtomicFiles.replace(file, ch -> {
            ch.write(ByteBuffer.wrap(new byte[5000]));
            throw boom;
        }));
        assertThat(t).isSameAs(boom);
        assertUntouched();
    }

    @Test
    void renameFailing() throws IOException {
        // The target turns into a non-empty directory while the temp file is written: the rename fails.
        Path other = dir.resolve("other.frg");
        Throwable t = catchThrowable(() -> AtomicFiles.replace(other, ch -> {
            ch.write(ByteBuffer.wrap(new byte[10]));
            Files.createDirectories(other.resolve("inside"));
        }));
        assertThat(t).isInstanceOf(GalleryFileException.class).hasMessageStartingWith(other + ": cannot save: ");
        assertThat(other.resolve("inside")).isDirectory();
        assertUntouched("other.frg");
    }

    @Test
    void duplicateIdentityNames() throws IOException {
        var e = TestGalleries.emb("m", 64, 1);
        GallerySnapshot dup = new GallerySnapshot("m", 64, 0.5f, Gallery.Scoring.MAX,
                List.of(new GalleryIdentity("ann", List.of(e), Map.of()), new GalleryIdentity("ann", List.of(e), Map.of())));
        assertThatThrownBy(() -> GalleryFiles.save(dup, file)).isInstanceOf(GalleryFileException.class)
                .hasMessage(file + ": cannot save: duplicate identity name 'ann' (identities 0 and 1)");
        assertUntouched();
        Path json = dir.resolve("face_db.json");
        assertThatThrownBy(() -> GalleryFiles.save(dup, json)).hasMessage(json + ": cannot save: duplicate identity name 'ann' (identities 0 and 1)");
        assertThat(json).doesNotExist();
    }

    @Test
    void nonFiniteVectorFoundWhileWriting() throws IOException {
        float[] v = TestGalleries.vector(1, 1, 64);
        v[5] = Float.NaN;
        Embedding nan;
        try {
            nan = Embedding.ofUnitVector("m", v); // fr-core lets a NaN through its unit-length check ...
        } catch (IllegalArgumentException refusedByCore) {
            assertThat(refusedByCore).hasMessageContaining("m"); // ... or, once it refuses it, nothing can reach a save
            return;
        }
        List<GalleryIdentity> ids = new java.util.ArrayList<>(TestGalleries.simple("m", 64, 50).identities());
        ids.add(new GalleryIdentity("last", List.of(TestGalleries.emb("m", 64, 9), nan), Map.of()));
        GallerySnapshot bad = new GallerySnapshot("m", 64, 0.5f, Gallery.Scoring.MAX, ids);
        for (Path target : List.of(file, dir.resolve("face_db.json"))) {
            assertThatThrownBy(() -> GalleryFiles.save(bad, target)).isInstanceOf(GalleryFileException.class)
                    .hasMessage(target + ": cannot save: identity 'last' embedding 1 holds a non-finite value (NaN at index 5)");
        }
        assertThat(dir.resolve("face_db.json")).doesNotExist();
        assertUntouched();
    }

    @Test
    void unpairedSurrogateInAName() throws IOException {
        GallerySnapshot bad = new GallerySnapshot("m", 64, 0.5f, Gallery.Scoring.MAX,
                List.of(new GalleryIdentity("half \uD83D", List.of(TestGalleries.emb("m", 64, 1)), Map.of())));
        assertThatThrownBy(() -> GalleryFiles.save(bad, file)).hasMessage(file + ": cannot save: identity 0: name is not valid Unicode (unpaired surrogate)");
        assertUntouched();
    }

    @Test
    void parentIsARegularFile() throws IOException {
        Path inside = file.resolve("nested.frg");
        assertThatThrownBy(() -> GalleryFiles.save(TestGalleries.simple("m", 64, 1), inside)).isInstanceOf(GalleryFileException.class)
                .hasMessage(inside + ": cannot save: " + file + " is not a directory");
        assertUntouched();
    }

    @Test
    void missingDirectory() throws IOException {
        Path nowhere = dir.resolve("no/such/dir/g.frg");
        assertThatThrownBy(() -> GalleryFiles.save(TestGalleries.simple("m", 64, 1), nowhere))
                .hasMessage(nowhere + ": cannot save: directory " + nowhere.getParent() + " does not exist");
        assertUntouched();
    }

    @Test
    void targetIsADirectory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub.json"));
        Files.writeString(sub.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> GalleryFiles.save(TestGalleries.simple("m", 64, 1), sub))
                .hasMessage(sub + ": cannot save: it is a directory");
        assertThat(Files.readString(sub.resolve("keep.txt"))).isEqualTo("x");
        assertUntouched("sub.json");
    }

    private void assertUntouched(String... alsoThere) throws IOException {
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        String[] keep = new String[alsoThere.length + 1];
        keep[0] = "face_db.frg";
        System.arraycopy(alsoThere, 0, keep, 1, alsoThere.length);
        assertThat(TestGalleries.othersIn(dir, keep)).as("temp files left behind").isEmpty();
        assertThat(GalleryFiles.load(file)).isEqualTo(TestGalleries.simple("m", 64, 3));
    }
}
