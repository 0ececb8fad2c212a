package org.fr.gallery.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.gallery.GallerySnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's format and recovery, and {@link JournaledGallery}'s replay. */
class GalleryJournalTest {
    static final String MODEL = "journal-model";
    static final int DIM = 16;

    @TempDir
    Path dir;

    static Embedding embedding(Random r) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) v[i] = (float) r.nextGaussian();
        return Embedding.normalised(MODEL, v);
    }

    static GallerySnapshot empty() {
        return new GallerySnapshot(MODEL, DIM, 0.4f, Gallery.Scoring.MAX, List.of());
    }

    private List<GalleryJournal.Change> someChanges() {
        Random r = new Random(7);
        return List.of(
                new GalleryJournal.Change("ann", List.of(embedding(r), embedding(r)), Map.of("team", "a"), false),
                new GalleryJournal.Change("bob", List.of(embedding(r)), Map.of(), false),
                new GalleryJournal.Change("ann", List.of(), Map.of(), true),
                new GalleryJournal.Change("cé", List.of(embedding(r)), Map.of("k", "v", "ü", "ß"), false));
    }

    @Test
    void readsBackWhatWasAppended() {
        Path file = dir.resolve("g.json.journal");
        List<GalleryJournal.Change> changes = someChanges();
        try (GalleryJournal j = GalleryJournal.open(file, MODEL, DIM)) {
            long end = 0;
            for (GalleryJournal.Change c : changes) end = j.append(c);
            j.sync(end);
            assertThat(j.recordBytes()).isPositive();
        }
        GalleryJournal.Contents read = GalleryJournal.read(file, MODEL, DIM);
        assertThat(read.changes()).isEqualTo(changes);
        assertThat(read.droppedBytes()).isZero();
    }

    @Test
    void aRecordCutShortAtAnyByteIsDroppedAndTheRestKept() throws Exception {
        Path file = dir.resolve("g.json.journal");
        List<GalleryJournal.Change> changes = someChanges();
        List<Long> ends = new ArrayList<>();
        try (GalleryJournal j = GalleryJournal.open(file, MODEL, DIM)) {
            for (GalleryJournal.Change c : changes) ends.add(j.append(c));
        }
        byte[] full = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.journal");
        for (int length = 0; length <= full.length; length++) {
            Files.write(cut, Arrays.copyOf(full, length));
            int complete = 0;
            while (complete < ends.size() && ends.get(complete) <= length) complete++;
            GalleryJournal.Contents read = GalleryJournal.read(cut, MODEL, DIM);
            assertThat(read.changes()).as("cut at %d", length).isEqualTo(changes.subList(0, complete));
            // Reopening drops the torn tail; a new record follows the last good one.
            try (GalleryJournal j = GalleryJournal.open(cut, MODEL, DIM)) {
                j.sync(j.append(changes.get(1)));
            }
            List<GalleryJournal.Change> expected = new ArrayList<>(changes.subList(0, complete));
            expected.add(changes.get(1));
            assertThat(GalleryJournal.read(cut, MODEL, DIM).changes()).as("cut at %d, then appended", length).isEqualTo(expected);
        }
    }

    @Test
    void aDamagedLastRecordIsDropped() throws Exception {
        Path file = dir.resolve("g.json.journal");
        List<GalleryJournal.Change> changes = someChanges();
        try (GalleryJournal j = GalleryJournal.open(file, MODEL, DIM)) {
            for (GalleryJournal.Change c : changes) j.append(c);
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(file, bytes);
        GalleryJournal.Contents read = GalleryJournal.read(file, MODEL, DIM);
        assertThat(read.changes()).isEqualTo(changes.subList(0, 3));
        assertThat(read.droppedBytes()).isPositive();
    }

    @Test
    void refusesAJournalOfAnotherModel() {
        Path file = dir.resolve("g.json.journal");
        GalleryJournal.open(file, MODEL, DIM).close();
        assertThatThrownBy(() -> GalleryJournal.read(file, MODEL, DIM + 1))
                .isInstanceOf(GalleryFileException.class).hasMessageContaining("another model or dimension");
    }

    @Test
    void journaledGalleryReplaysAfterACrashAndReplayIsIdempotent() throws Exception {
        Path db = dir.resolve("face_db.json");
        Random r = new Random(3);
        Embedding a1 = embedding(r), a2 = embedding(r), b1 = embedding(r);
        try (JournaledGallery g = JournaledGallery.open(db, GalleryJournalTest::empty)) {
            g.enroll("ann", List.of(a1), Map.of("team", "x"));
            g.enroll("bob", b1);
            g.enroll("ann", List.of(a2, a1), Map.of("team", "y")); // a1 is held already: not added twice
            assertThat(g.get("ann").orElseThrow().embeddings()).containsExactly(a1, a2);
            assertThat(g.remove("bob")).isTrue();
            assertThat(g.remove("bob")).isFalse();
            // A crash now: nothing was saved to the gallery file since it was created, all is in the journal.
            Files.copy(db, dir.resolve("file-at-crash"));
            Files.copy(GalleryJournal.beside(db), dir.resolve("journal-at-crash"));
            g.checkpoint();
            // A crash between a checkpoint's save and its journal reset: the file holds the changes and the journal too.
            Files.copy(GalleryJournal.beside(db), dir.resolve("journal-after-checkpoint"));
        }
        for (String[] state : new String[][] {{"file-at-crash", "journal-at-crash"}, {null, "journal-at-crash"}}) {
            if (state[0] != null) Files.copy(dir.resolve(state[0]), db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve(state[1]), GalleryJournal.beside(db), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (JournaledGallery g = JournaledGallery.open(db, GalleryJournalTest::empty)) {
                assertThat(g.identities()).as(Arrays.toString(state)).containsExactly("ann");
                assertThat(g.get("ann").orElseThrow().embeddings()).containsExactly(a1, a2);
                assertThat(g.get("ann").orElseThrow().metadata()).containsEntry("team", "y");
                assertThat(GalleryJournal.read(GalleryJournal.beside(db), MODEL, DIM).changes()).isEmpty(); // folded
            }
            assertThat(GalleryFiles.load(db).embeddingCount()).isEqualTo(2);
        }
    }
}
