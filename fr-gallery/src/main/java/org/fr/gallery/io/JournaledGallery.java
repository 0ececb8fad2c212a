package org.fr.gallery.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.Match;
import org.fr.Verification;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.GallerySnapshot;

/**
 * A {@link FlatGallery} whose every change is durable when the call returns: {@link #enroll} and {@link #remove}
 * append a record to a {@link GalleryJournal} beside the gallery file ({@code <file>.journal}) and return only
 * after it is fsync'ed, so a change that was acknowledged survives a {@code kill -9} or a power loss. The gallery
 * file itself is rewritten (atomically, by {@link GalleryFiles#save}) only at a {@link #checkpoint()}: at
 * {@link #open} when the journal held changes, at {@link #close()}, and whenever the owner asks; the journal is then
 * emptied.
 *
 * <p><b>Replay.</b> {@link #open} loads the file and applies the journal's intact records in order; a record cut
 * short by a crash (never acknowledged) is dropped. An identity holds each exact vector at most once (enrolling a
 * vector it already holds adds nothing), so replaying records that a checkpoint had already saved (a crash between
 * the save and the journal reset) changes nothing: replay is idempotent.
 *
 * <p>Searches run on the in-memory gallery without touching the journal. Changes are serialised by one lock (the
 * append and the in-memory change happen together, in the same order); the fsync runs outside it and is shared by
 * concurrent writers. {@link #rename} is not supported (it would not replay idempotently). Thread-safe; must be
 * closed.
 */
public final class JournaledGallery implements Gallery {
    private final Path file;
    private final GalleryJournal journal;
    private final Object changeLock = new Object();
    private final FlatGallery gallery;
    private volatile boolean closed;

    private JournaledGallery(Path file, FlatGallery gallery, GalleryJournal journal) {
        this.file = file;
        this.gallery = gallery;
        this.journal = journal;
    }

    /**
     * Opens the gallery file (which may be missing: then {@code ifMissing} gives the empty gallery's settings) and
     * replays its journal; when the journal held anything, folds it into the file at once.
     *
     * @param factory builds the in-memory gallery from a snapshot (e.g. {@code FlatGallery::of}, or with a store)
     * @throws GalleryFileException if the file or the journal cannot be read, or the journal is of another model
     */
    public static JournaledGallery open(Path file, Supplier<GallerySnapshot> ifMissing,
                                        Function<GallerySnapshot, FlatGallery> factory) {
        Objects.requireNonNull(file, "file");
        GallerySnapshot base = Files.exists(file) ? GalleryFiles.load(file) : Objects.requireNonNull(ifMissing.get(), "ifMissing");
        Path journalFile = GalleryJournal.beside(file);
        GalleryJournal.Contents contents = GalleryJournal.read(journalFile, base.modelId(), base.dimension());
        GallerySnapshot replayed = replay(base, contents.changes());
        boolean fold = !contents.changes().isEmpty() || !Files.exists(file);
        if (fold) GalleryFiles.save(replayed, file);
        GalleryJournal journal = GalleryJournal.open(journalFile, base.modelId(), base.dimension());
        if (fold) journal.reset();
        return new JournaledGallery(file, factory.apply(replayed), journal);
    }

    /** {@link #open(Path, Supplier, Function)} with plain float32 {@link FlatGallery}s. */
    public static JournaledGallery open(Path file, Supplier<GallerySnapshot> ifMissing) {
        return open(file, ifMissing, FlatGallery::of);
    }

    /** Applies changes to a snapshot, in order: enrolments add the vectors not yet held and merge metadata. */
    static GallerySnapshot replay(GallerySnapshot base, List<GalleryJournal.Change> changes) {
        if (changes.isEmpty()) return base;
        Map<String, List<Embedding>> vectors = new TreeMap<>();
        Map<String, Map<String, String>> metadata = new TreeMap<>();
        for (GalleryIdentity id : base.identities()) {
            List<Embedding> list = vectors.computeIfAbsent(id.name(), n -> new ArrayList<>());
            for (Embedding e : id.embeddings()) if (!list.contains(e)) list.add(e);
            metadata.computeIfAbsent(id.name(), n -> new LinkedHashMap<>()).putAll(id.metadata());
        }
        for (GalleryJournal.Change c : changes) {
            if (c.removal()) {
                vectors.remove(c.identity());
                metadata.remove(c.identity());
                continue;
            }
            List<Embedding> list = vectors.computeIfAbsent(c.identity(), n -> new ArrayList<>());
            for (Embedding e : c.embeddings()) if (!list.contains(e)) list.add(e);
            metadata.computeIfAbsent(c.identity(), n -> new LinkedHashMap<>()).putAll(c.metadata());
        }
        List<GalleryIdentity> ids = new ArrayList<>(vectors.size());
        for (var e : vectors.entrySet()) ids.add(new GalleryIdentity(e.getKey(), e.getValue(), metadata.get(e.getKey())));
        return new GallerySnapshot(base.modelId(), base.dimension(), base.threshold(), base.scoring(), ids);
    }

    /** The gallery file. */
    public Path file() { return file; }

    /** Bytes of changes in the journal not yet folded into the gallery file. */
    public long pendingJournalBytes() { return journal.recordBytes(); }

    /**
     * Saves the whole gallery atomically to its file and empties the journal. Changes wait meanwhile (searches do
     * not). Cost: one full save.
     */
    public void checkpoint() {
        synchronized (changeLock) {
            requireOpen();
            GalleryFiles.save(gallery.snapshot(), file);
            journal.reset();
        }
    }

    /**
     * {@inheritDoc} Durable when it returns. Vectors the identity already holds are not added again.
     *
     * @throws IllegalArgumentException on a blank name, no embeddings, or an embedding of another model or dimension
     * @throws GalleryFileException     if the journal cannot be written (the gallery is then unchanged)
     */
    @Override
    public void enroll(String identity, List<Embedding> embeddings, Map<String, String> metadata) {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("identity name must not be blank");
        Objects.requireNonNull(metadata, "metadata");
        if (embeddings == null || embeddings.isEmpty()) throw new IllegalArgumentException("cannot enrol " + identity + " with no embeddings");
        for (Embedding e : embeddings) {
            if (!e.modelId().equals(modelId()) || e.dimension() != dimension()) {
                throw new IllegalArgumentException("enrolled embedding of model " + e.modelId() + "/" + e.dimension()
                        + " does not match the gallery's " + modelId() + "/" + dimension());
            }
        }
        long position;
        synchronized (changeLock) {
            requireOpen();
            List<Embedding> held = gallery.get(identity).map(GalleryIdentity::embeddings).orElse(List.of());
            List<Embedding> fresh = new ArrayList<>();
            for (Embedding e : embeddings) if (!held.contains(e) && !fresh.contains(e)) fresh.add(e);
            if (fresh.isEmpty() && metadata.isEmpty()) return;
            position = journal.append(new GalleryJournal.Change(identity, fresh.isEmpty() ? embeddings : fresh, metadata, false));
            if (fresh.isEmpty()) {
                // Only metadata changes: FlatGallery merges metadata only along with embeddings, so re-enrol them.
                GalleryIdentity old = gallery.get(identity).orElseThrow();
                Map<String, String> merged = new LinkedHashMap<>(old.metadata());
                merged.putAll(metadata);
                gallery.remove(identity);
                gallery.enroll(identity, old.embeddings(), merged);
            } else {
                gallery.enroll(identity, fresh, metadata);
            }
        }
        journal.sync(position);
    }

    /** {@inheritDoc} Durable when it returns. */
    @Override
    public boolean remove(String identity) {
        long position;
        synchronized (changeLock) {
            requireOpen();
            if (identity == null || gallery.get(identity).isEmpty()) return false;
            position = journal.append(new GalleryJournal.Change(identity, List.of(), Map.of(), true));
            gallery.remove(identity);
        }
        journal.sync(position);
        return true;
    }

    /** Not supported: a rename would not replay idempotently. */
    @Override
    public boolean rename(String from, String to) {
        throw new UnsupportedOperationException("a journaled gallery cannot rename identities; remove and enrol instead");
    }

    @Override public String modelId() { return gallery.modelId(); }
    @Override public int dimension() { return gallery.dimension(); }
    @Override public float threshold() { return gallery.threshold(); }
    @Override public Scoring scoring() { return gallery.scoring(); }
    @Override public List<String> identities() { return gallery.identities(); }
    @Override public Optional<GalleryIdentity> get(String identity) { return gallery.get(identity); }
    @Override public int size() { return gallery.size(); }
    @Override public int embeddingCount() { return gallery.embeddingCount(); }
    @Override public List<Match> search(Embedding probe, int k) { return gallery.search(probe, k); }
    @Override public Verification verify(Embedding probe, String identity) { return gallery.verify(probe, identity); }

    /** A consistent copy of the in-memory gallery. */
    public GallerySnapshot snapshot() { return gallery.snapshot(); }

    /** Folds the journal into the gallery file (when it holds anything) and releases the journal and the gallery. */
    @Override
    public void close() {
        synchronized (changeLock) {
            if (closed) return;
            try {
                if (journal.recordBytes() > 0) {
                    GalleryFiles.save(gallery.snapshot(), file);
                    journal.reset();
                }
            } finally {
                closed = true;
                try {
                    journal.close();
                } finally {
                    gallery.close();
                }
            }
        }
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("gallery " + file + " is closed");
    }

    @Override
    public String toString() { return "JournaledGallery[" + file + ", " + gallery + "]"; }
}
