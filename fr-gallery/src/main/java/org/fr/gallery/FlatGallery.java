package org.fr.gallery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntFunction;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.Match;
import org.fr.Verification;

/**
 * An exact, in-memory {@link Gallery} built for scan speed: every search computes the probe's dot product with
 * every enrolled vector, read from one contiguous primitive array.
 *
 * <h2>Storage</h2>
 * All embeddings live in one {@code float[]} of rows of {@link #dimension()} values (growing by doubling, so a
 * gallery holds at most about {@code 2^31 / dimension} embeddings), with a parallel {@code int[]} from row to
 * identity slot. Each identity record keeps its name, its rows in enrolment order and its metadata; under
 * {@link Scoring#MEAN} a second contiguous matrix holds, per identity slot, the L2-normalised mean of its
 * embeddings (recomputed from its rows whenever it gains some; an identity whose embeddings cancel out has a zero
 * template, which scores 0 against every probe).
 *
 * <p><b>Removal compacts at once, by swap-with-last</b>: each removed row, taken in descending order, is
 * overwritten by the current last row (whose identity's row list is updated), then the matrix shrinks by one; the
 * identity slot is likewise refilled by the last slot. Removing an identity with {@code m} embeddings costs
 * {@code O(m * dimension)}, not {@code O(gallery)}, and no tombstones are ever scanned. Row order is therefore
 * not enrolment order, which nothing depends on: results are ranked by a total order that does not involve rows
 * (score, then name), and each identity keeps its own enrolment order. Capacity is never shrunk.
 *
 * <h2>Search</h2>
 * A search scans the rows ({@link Scoring#MAX}) or the templates ({@link Scoring#MEAN}). Candidates rank by
 * higher similarity, ties by name ({@link String#compareTo}); similarities are float32 dot products clamped to
 * [-1, 1]. With {@link #parallelism()} above 1 and at least {@link Builder#parallelThreshold(int)} scanned rows
 * (default {@value #DEFAULT_PARALLEL_THRESHOLD}), the rows are split into {@code parallelism} contiguous chunks: the
 * calling thread and up to {@code parallelism - 1} daemon helper threads of this gallery claim chunks from a shared
 * counter, each keeping its own bounded heap, and the calling thread merges them. Because the calling thread
 * claims chunks too, a search never waits on helpers that are busy elsewhere, and because every chunk's selection
 * follows the same total order, parallel and sequential searches return identical results. Smaller scans run on
 * the calling thread: handing work to another thread costs more than scanning a few thousand rows.
 *
 * <p><b>Why the MAX search is exact without a per-query map.</b> Under MAX an identity scores its best row. Let
 * {@code M} be the largest number of embeddings any identity holds, and rank rows by (score desc, identity name,
 * row index). The search keeps the top {@code K = k * M} rows and reduces them to identities, keeping each
 * identity's first (best) row. Claim: every identity A of the true top {@code k} has its best row {@code a} among
 * the kept rows. Otherwise {@code K} kept rows rank before {@code a}; none belongs to A ({@code a} is A's
 * first-ranked row), and each belongs to an identity whose best row ranks before {@code a}, i.e. to an identity
 * that ranks before A. Those rows span at least {@code K / M = k} distinct identities, so at least {@code k}
 * identities rank before A: A is not in the top {@code k}, a contradiction. Every other identity gets, from the
 * kept rows, a score at most its true score, so it still ranks after all the true top {@code k}: the first
 * {@code k} identities of the reduction are exactly the true top {@code k}, with their exact scores. When
 * {@code K} is large (an identity with many embeddings), the search instead keeps a dense per-identity-slot
 * {@code float[]} of best scores (one array per chunk, indexed by slot: still no hashing), which is cheaper than a
 * heap of {@code K} rows.
 *
 * <h2>Compact stores</h2>
 * With {@link VectorStore#INT8} (or {@link VectorStore#FLOAT16}) the scan reads a compact copy of the scanned
 * matrix: per-row symmetric int8 quantisation ({@code q = round(v / s * 127)}, {@code s = max|v|}) with the probe
 * quantised the same way and an int8 dot product. It shortlists the best {@code max(4K, 64)} rows by approximate
 * score ({@code max(4k, 64)} identities on the dense path) and re-ranks the shortlist exactly with the float32 rows,
 * which are kept: reported similarities are exact, only recall can (rarely) suffer. This saves scan bandwidth (see
 * {@link #footprint()}: {@code dimension + 4} bytes scanned per row instead of {@code 4 * dimension}) at the price
 * of more heap in total (the float32 copy stays for re-ranking, {@link #snapshot()} and {@link #get(String)}).
 *
 * <h2>Thread safety</h2>
 * A {@link ReentrantReadWriteLock} (non-fair; a waiting writer blocks new readers, so enrolment is not starved):
 * {@link #search}, {@link #verify} and the readers take the read lock, so searches run concurrently and each sees
 * the gallery between whole enrolments; {@link #enroll}, {@link #remove} and {@link #rename} take the write lock.
 * Helper threads read the arrays only while the searching thread holds the read lock for them. Arguments are
 * validated and copied before the lock is taken, and an enrolment either happens entirely or not at all.
 *
 * <p>{@link #close()} stops the helper threads; a closed gallery still answers, on the calling thread.
 */
public final class FlatGallery implements Gallery {
    /** The threshold used when the builder is not given one (callers normally pass the embedder's calibrated one). */
    public static final float DEFAULT_THRESHOLD = 0.262f;
    /** Scanned rows from which a search is split across threads, unless the builder says otherwise. */
    public static final int DEFAULT_PARALLEL_THRESHOLD = 4_096;

    /** The compact-store shortlist keeps {@code max(SHORTLIST_FACTOR * wanted, MIN_SHORTLIST)} candidates. */
    static final int SHORTLIST_FACTOR = 4;
    static final int MIN_SHORTLIST = 64;
    /** Row heaps up to this size (or up to an eighth of the identities) are used; beyond, dense per-slot maxima. */
    static final int ROW_HEAP_LIMIT = 256;
    /** The int8 dot product sums {@code d} products of at most 127^2 in an int. */
    static final int MAX_INT8_DIMENSION = Integer.MAX_VALUE / (127 * 127);

    private final String modelId;
    private final int dimension;
    private final float threshold;
    private final Scoring scoring;
    private final VectorStore store;
    private final int parallelism;
    private final int parallelThreshold;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    // Guarded by lock.
    private final VectorMatrix rows;
    private final VectorMatrix templates; // MEAN only: slot -> normalised mean
    private int[] rowOwner;
    private Ident[] idents;
    private int identCount;
    private final TreeMap<String, Ident> byName = new TreeMap<>();
    private int[] sizeCounts = new int[8]; // sizeCounts[n]: identities holding n embeddings
    private int maxPerIdentity;

    private final Object poolLock = new Object();
    private volatile ExecutorService helpers; // created on first parallel search
    private volatile boolean closed;
    private final LongAdder parallelSearches = new LongAdder();

    private FlatGallery(Builder b) {
        this.modelId = b.modelId;
        this.dimension = b.dimension;
        this.threshold = b.threshold;
        this.scoring = b.scoring;
        this.store = b.store;
        this.parallelism = b.parallelism;
        this.parallelThreshold = b.parallelThreshold;
        int initialRows = b.initialCapacity;
        int initialIdentities = b.source == null ? 16 : Math.max(16, b.source.identities().size());
        if (b.source != null) initialRows = Math.max(initialRows, b.source.embeddingCount());
        this.rows = new VectorMatrix(dimension, scoring == Scoring.MAX ? store : VectorStore.FLOAT32, initialRows);
        this.templates = scoring == Scoring.MEAN ? new VectorMatrix(dimension, store, initialIdentities) : null;
        this.rowOwner = new int[Math.max(16, rows.capacity())];
        this.idents = new Ident[initialIdentities];
        if (b.source != null) {
            for (GalleryIdentity id : b.source.identities()) enroll(id.name(), id.embeddings(), id.metadata());
        }
    }

    // ---------------------------------------------------------------- construction

    /** A builder for an empty gallery of the given model and embedding length. */
    public static Builder builder(String modelId, int dimension) {
        return new Builder(modelId, dimension, null);
    }

    /**
     * A builder for a gallery holding the snapshot's identities, with its model, dimension, threshold and scoring
     * (all but the model and dimension may be overridden). Identities listed twice are merged.
     */
    public static Builder builder(GallerySnapshot snapshot) {
        Builder b = new Builder(snapshot.modelId(), snapshot.dimension(), snapshot);
        return b.threshold(snapshot.threshold()).scoring(snapshot.scoring());
    }

    /** A float32 gallery holding the snapshot's identities. */
    public static FlatGallery of(GallerySnapshot snapshot) {
        return builder(snapshot).build();
    }

    /** A gallery holding the snapshot's identities, with the given store. */
    public static FlatGallery of(GallerySnapshot snapshot, VectorStore store) {
        return builder(snapshot).store(store).build();
    }

    /** Options of a {@link FlatGallery}. Not thread-safe. */
    public static final class Builder {
        private final String modelId;
        private final int dimension;
        private final GallerySnapshot source;
        private float threshold = DEFAULT_THRESHOLD;
        private Scoring scoring = Scoring.MAX;
        private VectorStore store = VectorStore.FLOAT32;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private int parallelThreshold = DEFAULT_PARALLEL_THRESHOLD;
        private int initialCapacity;

        private Builder(String modelId, int dimension, GallerySnapshot source) {
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            if (modelId.isBlank()) throw new IllegalArgumentException("modelId must not be blank");
            if (dimension <= 0) throw new IllegalArgumentException("dimension must be positive: " + dimension);
            this.dimension = dimension;
            this.source = source;
        }

        /**
         * The cosine at or above which {@link FlatGallery#identify(Embedding, int)} names an identity; default
         * {@value FlatGallery#DEFAULT_THRESHOLD}.
         */
        public Builder threshold(float threshold) {
            if (!(threshold >= -1f && threshold <= 1f)) {
                throw new IllegalArgumentException("threshold must lie in [-1, 1]: " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /** How identities with several embeddings are scored; default {@link Scoring#MAX}. */
        public Builder scoring(Scoring scoring) {
            this.scoring = Objects.requireNonNull(scoring, "scoring");
            return this;
        }

        /** The scanned store; default {@link VectorStore#FLOAT32}. */
        public Builder store(VectorStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Threads one search may use, the calling one included; default: the available processors. 1: never split. */
        public Builder parallelism(int threads) {
            if (threads < 1) throw new IllegalArgumentException("parallelism must be at least 1: " + threads);
            this.parallelism = threads;
            return this;
        }

        /**
         * Scanned rows (embeddings under MAX, identities under MEAN) from which a search is split across threads;
         * default {@value FlatGallery#DEFAULT_PARALLEL_THRESHOLD}; 0 splits every search.
         */
        public Builder parallelThreshold(int rows) {
            if (rows < 0) throw new IllegalArgumentException("parallelThreshold must not be negative: " + rows);
            this.parallelThreshold = rows;
            return this;
        }

        /** Embeddings to allocate room for up front (the arrays grow by doubling anyway). */
        public Builder initialCapacity(int rows) {
            if (rows < 0) throw new IllegalArgumentException("initialCapacity must not be negative: " + rows);
            this.initialCapacity = rows;
            return this;
        }

        public FlatGallery build() {
            if (store == VectorStore.INT8 && dimension > MAX_INT8_DIMENSION) {
                throw new IllegalArgumentException("the int8 store supports dimensions up to " + MAX_INT8_DIMENSION
                        + ": " + dimension);
            }
            if ((long) initialCapacity * dimension > VectorMatrix.MAX_VALUES) {
                throw new IllegalArgumentException("initialCapacity " + initialCapacity + " x dimension " + dimension
                        + " exceeds the largest Java array");
            }
            return new FlatGallery(this);
        }
    }

    // ---------------------------------------------------------------- properties

    @Override
    public String modelId() { return modelId; }

    @Override
    public int dimension() { return dimension; }

    @Override
    public float threshold() { return threshold; }

    @Override
    public Scoring scoring() { return scoring; }

    /** The scanned store. */
    public VectorStore store() { return store; }

    /** Threads one search may use, the calling one included. */
    public int parallelism() { return parallelism; }

    /**
     * Memory of the vectors: what one search streams, and what the arrays hold.
     *
     * @param store              the scanned store
     * @param scannedRows        rows one search scans (embeddings under MAX, identities under MEAN)
     * @param dimension          values per row
     * @param scannedBytesPerRow bytes one search reads per scanned row ({@code 4d} float32, {@code d + 4} int8,
     *                           {@code 2d} float16)
     * @param scannedBytes       {@code scannedRows * scannedBytesPerRow}
     * @param allocatedBytes     bytes of the vector arrays held on the Java heap (float32 rows and templates of the
     *                           FLOAT32 store, compact copies, scales, the row-to-identity index), spare capacity
     *                           included; identity records and names excluded
     * @param mappedBytes        bytes of the float32 rows the compact stores keep outside the heap, in a
     *                           memory-mapped temporary file, for exact re-ranking (0 for FLOAT32)
     */
    public record Footprint(VectorStore store, int scannedRows, int dimension, long scannedBytesPerRow,
                            long scannedBytes, long allocatedBytes, long mappedBytes) {}

    public Footprint footprint() {
        lock.readLock().lock();
        try {
            VectorMatrix scanned = scoring == Scoring.MEAN ? templates : rows;
            long perRow = scanned.scannedBytesPerRow();
            long allocated = rows.allocatedBytes() + (templates == null ? 0 : templates.allocatedBytes())
                    + (long) rowOwner.length * Integer.BYTES;
            long mappedBytes = rows.mappedBytes() + (templates == null ? 0 : templates.mappedBytes());
            return new Footprint(store, scanned.rows(), dimension, perRow, perRow * scanned.rows(), allocated, mappedBytes);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- mutation

    @Override
    public void enroll(String identity, List<Embedding> embeddings, Map<String, String> metadata) {
        requireName(identity, "identity");
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(metadata, "metadata");
        if (embeddings.isEmpty()) {
            throw new IllegalArgumentException("cannot enrol " + identity + " with no embeddings");
        }
        float[][] vectors = new float[embeddings.size()][];
        int n = 0;
        for (Embedding e : embeddings) {
            requireCompatible(Objects.requireNonNull(e, "embedding"), "enrolled");
            vectors[n++] = e.values();
        }
        Map<String, String> md = Map.copyOf(metadata);
        lock.writeLock().lock();
        try {
            Ident id = byName.get(identity);
            // Grow everything first: past this point nothing can fail, so an enrolment is all or nothing.
            int needed = rows.rows() + n;
            if (needed < 0) throw new IllegalStateException("too many embeddings");
            rows.ensureCapacity(needed);
            if (rowOwner.length < rows.capacity()) rowOwner = Arrays.copyOf(rowOwner, rows.capacity());
            if (id == null) {
                if (identCount == idents.length) idents = Arrays.copyOf(idents, 2 * idents.length);
                if (templates != null) templates.ensureCapacity(identCount + 1);
                id = new Ident(identity, identCount);
                idents[identCount++] = id;
                byName.put(identity, id);
            } else {
                countSize(id.count, -1);
            }
            for (float[] v : vectors) {
                int r = rows.append(v);
                rowOwner[r] = id.slot;
                id.addRow(r);
            }
            countSize(id.count, +1);
            id.metadata.putAll(md);
            if (templates != null) {
                float[] mean = mean(id);
                if (id.slot == templates.rows()) templates.append(mean); else templates.set(id.slot, mean);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean remove(String identity) {
        if (identity == null) return false;
        lock.writeLock().lock();
        try {
            Ident id = byName.remove(identity);
            if (id == null) return false;
            countSize(id.count, -1);
            int[] gone = Arrays.copyOf(id.rows, id.count);
            Arrays.sort(gone);
            // Descending: every removed row still pending lies below the current one, so the last row is never one.
            for (int i = gone.length - 1; i >= 0; i--) {
                int r = gone[i];
                int last = rows.rows() - 1;
                if (r != last) {
                    rows.move(last, r);
                    int owner = rowOwner[last];
                    rowOwner[r] = owner;
                    idents[owner].replaceRow(last, r);
                }
                rows.removeLast();
            }
            int slot = id.slot;
            int lastSlot = identCount - 1;
            if (slot != lastSlot) {
                Ident moved = idents[lastSlot];
                idents[slot] = moved;
                moved.slot = slot;
                for (int i = 0; i < moved.count; i++) rowOwner[moved.rows[i]] = slot;
                if (templates != null) templates.move(lastSlot, slot);
            }
            idents[lastSlot] = null;
            identCount--;
            if (templates != null) templates.removeLast();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * {@inheritDoc} Renaming an identity to its own name changes nothing and answers true.
     *
     * @throws IllegalArgumentException if {@code to} is blank or already enrolled
     */
    @Override
    public boolean rename(String from, String to) {
        requireName(to, "new identity name");
        if (from == null) return false;
        lock.writeLock().lock();
        try {
            Ident id = byName.get(from);
            if (id == null) return false;
            if (from.equals(to)) return true;
            if (byName.containsKey(to)) {
                throw new IllegalArgumentException("cannot rename " + from + " to " + to + ": " + to
                        + " is already enrolled");
            }
            byName.remove(from);
            id.name = to;
            byName.put(to, id);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public List<String> identities() {
        lock.readLock().lock();
        try {
            return List.copyOf(byName.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<GalleryIdentity> get(String identity) {
        if (identity == null) return Optional.empty();
        lock.readLock().lock();
        try {
            Ident id = byName.get(identity);
            return id == null ? Optional.empty() : Optional.of(record(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return identCount;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int embeddingCount() {
        lock.readLock().lock();
        try {
            return rows.rows();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A consistent copy of the gallery: its settings and its identities sorted by name, each with its embeddings in
     * enrolment order and its metadata. {@code FlatGallery.of(g.snapshot())} answers every search as {@code g} does.
     */
    public GallerySnapshot snapshot() {
        lock.readLock().lock();
        try {
            List<GalleryIdentity> list = new ArrayList<>(identCount);
            for (Ident id : byName.values()) list.add(record(id));
            return new GallerySnapshot(modelId, dimension, threshold, scoring, list);
        } finally {
            lock.readLock().unlock();
        }
    }

    private GalleryIdentity record(Ident id) {
        List<Embedding> embeddings = new ArrayList<>(id.count);
        for (int i = 0; i < id.count; i++) embeddings.add(Embedding.ofUnitVector(modelId, rows.row(id.rows[i])));
        return new GalleryIdentity(id.name, embeddings, id.metadata);
    }

    // ---------------------------------------------------------------- search

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the probe's model or dimension differs from the gallery's, or
     *                                  {@code k < 1}
     */
    @Override
    public List<Match> search(Embedding probe, int k) {
        requireCompatible(Objects.requireNonNull(probe, "probe"), "probe");
        if (k < 1) throw new IllegalArgumentException("k must be at least 1: " + k);
        float[] p = probe.values();
        lock.readLock().lock();
        try {
            if (identCount == 0) return List.of();
            int kk = Math.min(k, identCount);
            return scoring == Scoring.MEAN
                    ? scan(templates, null, 1, p, kk)
                    : scan(rows, rowOwner, maxPerIdentity, p, kk);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * {@inheritDoc} The similarity is exact (float32) whatever the store: the best of the identity's embeddings
     * under MAX, its template under MEAN.
     */
    @Override
    public Verification verify(Embedding probe, String identity) {
        requireCompatible(Objects.requireNonNull(probe, "probe"), "probe");
        float[] p = probe.values();
        lock.readLock().lock();
        try {
            Ident id = identity == null ? null : byName.get(identity);
            if (id == null) throw new IllegalArgumentException("identity not enrolled: " + identity);
            return Verification.of(exactScore(id, p), threshold);
        } finally {
            lock.readLock().unlock();
        }
    }

    private float exactScore(Ident id, float[] p) {
        if (scoring == Scoring.MEAN) return templates.exact(id.slot, p);
        float best = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < id.count; i++) best = Math.max(best, rows.exact(id.rows[i], p));
        return best;
    }

    /**
     * The top {@code k} identities (k <= identCount) from the scanned matrix; {@code owner == null} means row ==
     * identity slot (MEAN templates), {@code m} bounds the rows per identity.
     */
    private List<Match> scan(VectorMatrix matrix, int[] owner, int m, float[] p, int k) {
        final Ident[] ids = idents;
        final int n = matrix.rows();
        final int slots = identCount;
        final IntFunction<String> nameOfRow = owner == null ? r -> ids[r].name : r -> ids[owner[r]].name;
        final long wanted = (long) k * m; // K: the top-K rows hold every top-k identity's best row
        final boolean rowHeap = owner == null || wanted <= ROW_HEAP_LIMIT || wanted <= slots / 8;

        if (!store.reranks()) {
            if (rowHeap) {
                int cap = (int) Math.min(wanted, n);
                List<RowHeap> parts = chunks(n, (from, to) -> {
                    RowHeap h = new RowHeap(cap, nameOfRow);
                    matrix.topExact(from, to, p, h);
                    return h;
                });
                return reduce(merge(parts, cap, nameOfRow), owner, m, k);
            }
            List<float[]> parts = chunks(n, (from, to) -> {
                float[] best = newBest(slots);
                matrix.bestExact(from, to, p, owner, best);
                return best;
            });
            return topSlots(maxOf(parts), k);
        }

        VectorMatrix.Probe ap = matrix.prepare(p);
        if (rowHeap) {
            int shortlist = (int) Math.min(n, Math.max(SHORTLIST_FACTOR * wanted, MIN_SHORTLIST));
            List<RowHeap> parts = chunks(n, (from, to) -> {
                RowHeap h = new RowHeap(shortlist, null);
                matrix.topApprox(from, to, ap, h);
                return h;
            });
            RowHeap approx = merge(parts, shortlist, null);
            RowHeap exact = new RowHeap(approx.size(), nameOfRow);
            for (int i = 0; i < approx.size(); i++) {
                int r = approx.row(i);
                exact.offer(matrix.exact(r, p), r);
            }
            return reduce(exact.sortBestFirst(), owner, m, k);
        }
        List<float[]> parts = chunks(n, (from, to) -> {
            float[] best = newBest(slots);
            matrix.bestApprox(from, to, ap, owner, best);
            return best;
        });
        float[] approxBest = maxOf(parts);
        int shortlist = Math.min(slots, Math.max(SHORTLIST_FACTOR * k, MIN_SHORTLIST));
        RowHeap approx = new RowHeap(shortlist, null);
        for (int s = 0; s < slots; s++) approx.offer(approxBest[s], s);
        RowHeap exact = new RowHeap(approx.size(), s -> ids[s].name);
        for (int i = 0; i < approx.size(); i++) {
            int s = approx.row(i);
            exact.offer(exactScore(ids[s], p), s);
        }
        return matches(exact.sortBestFirst(), k);
    }

    /** The best {@code cap} pairs of all the chunk heaps, best first. */
    private static RowHeap merge(List<RowHeap> parts, int cap, IntFunction<String> names) {
        if (parts.size() == 1) return parts.get(0).sortBestFirst();
        RowHeap all = new RowHeap(cap, names);
        for (RowHeap h : parts) all.offerAll(h);
        return all.sortBestFirst();
    }

    /**
     * Rows ranked best first -> the first {@code k} distinct identities, each at its first (best) row's score.
     * {@code m == 1} means no identity can repeat.
     */
    private List<Match> reduce(RowHeap ranked, int[] owner, int m, int k) {
        if (owner == null || m == 1) {
            Match[] out = new Match[Math.min(k, ranked.size())];
            for (int i = 0; i < out.length; i++) {
                int slot = owner == null ? ranked.row(i) : owner[ranked.row(i)];
                out[i] = new Match(idents[slot].name, ranked.score(i));
            }
            return List.of(out);
        }
        List<Match> out = new ArrayList<>(k);
        int[] seen = new int[k];
        Set<Integer> seenSet = k > 32 ? new HashSet<>(2 * k) : null;
        for (int i = 0; i < ranked.size() && out.size() < k; i++) {
            int slot = owner[ranked.row(i)];
            if (seenSet != null) {
                if (!seenSet.add(slot)) continue;
            } else {
                boolean dup = false;
                for (int j = 0; j < out.size() && !dup; j++) dup = seen[j] == slot;
                if (dup) continue;
                seen[out.size()] = slot;
            }
            out.add(new Match(idents[slot].name, ranked.score(i)));
        }
        return List.copyOf(out);
    }

    /** (score, slot) pairs ranked best first -> matches. */
    private List<Match> matches(RowHeap ranked, int k) {
        int n = Math.min(k, ranked.size());
        Match[] out = new Match[n];
        for (int i = 0; i < n; i++) out[i] = new Match(idents[ranked.row(i)].name, ranked.score(i));
        return List.of(out);
    }

    /** Dense per-slot scores -> the top {@code k} identities. */
    private List<Match> topSlots(float[] best, int k) {
        final Ident[] ids = idents;
        RowHeap h = new RowHeap(k, s -> ids[s].name);
        for (int s = 0; s < identCount; s++) h.offer(best[s], s);
        return matches(h.sortBestFirst(), k);
    }

    private static float[] newBest(int slots) {
        float[] best = new float[slots];
        Arrays.fill(best, Float.NEGATIVE_INFINITY);
        return best;
    }

    private static float[] maxOf(List<float[]> parts) {
        float[] best = parts.get(0);
        for (int c = 1; c < parts.size(); c++) {
            float[] other = parts.get(c);
            for (int s = 0; s < best.length; s++) if (other[s] > best[s]) best[s] = other[s];
        }
        return best;
    }

    // ---------------------------------------------------------------- parallel chunks

    @FunctionalInterface
    private interface ChunkScan<R> {
        R scan(int from, int to);
    }

    /**
     * Runs {@code scan} over [0, n) split into chunks, on the calling thread and the helpers, and returns the
     * chunks' results in chunk order. The caller claims chunks like the helpers do, so the work finishes even if
     * no helper ever gets to it; a helper that starts late finds nothing left and returns at once.
     */
    private <R> List<R> chunks(int n, ChunkScan<R> scan) {
        int chunks = parallelism > 1 && n >= parallelThreshold && n >= parallelism ? parallelism : 1;
        ExecutorService pool = chunks > 1 ? helpers() : null;
        if (pool == null) return List.of(scan.scan(0, n));
        parallelSearches.increment();
        Object[] results = new Object[chunks];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(chunks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    int from = (int) ((long) n * c / chunks);
                    int to = (int) ((long) n * (c + 1) / chunks);
                    results[c] = scan.scan(from, to);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int i = 1; i < chunks; i++) {
            try {
                pool.execute(worker);
            } catch (RejectedExecutionException closedMeanwhile) {
                break; // the calling thread does the rest
            }
        }
        worker.run();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the chunks finish quickly; keep the flag for the caller
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        if (t != null) throw new IllegalStateException(t);
        @SuppressWarnings("unchecked")
        List<R> list = (List<R>) Arrays.asList(results);
        return list;
    }

    private ExecutorService helpers() {
        ExecutorService pool = helpers;
        if (pool != null || closed) return pool;
        synchronized (poolLock) {
            if (helpers == null && !closed) {
                AtomicInteger count = new AtomicInteger();
                helpers = Executors.newFixedThreadPool(parallelism - 1, r -> {
                    Thread t = new Thread(r, "flat-gallery-search-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            }
            return helpers;
        }
    }

    /** Stops the helper threads. The gallery still answers afterwards, on the calling thread. */
    @Override
    public void close() {
        synchronized (poolLock) {
            closed = true;
            if (helpers != null) {
                helpers.shutdown();
                helpers = null;
            }
        }
    }

    /** Scans so far that were split across threads (for tests and diagnostics). */
    long parallelScans() {
        return parallelSearches.sum();
    }

    // ---------------------------------------------------------------- helpers

    private void requireCompatible(Embedding e, String what) {
        if (!e.modelId().equals(modelId) || e.dimension() != dimension) {
            throw new IllegalArgumentException(what + " embedding of model " + e.modelId() + "/" + e.dimension()
                    + " does not match this gallery's model " + modelId + "/" + dimension);
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException(what + " must not be blank");
    }

    /** The L2-normalised mean of the identity's rows (zero if they cancel out). */
    private float[] mean(Ident id) {
        double[] sum = new double[dimension];
        for (int i = 0; i < id.count; i++) rows.addTo(id.rows[i], sum);
        double norm = 0;
        for (double v : sum) norm += v * v;
        float[] out = new float[dimension];
        if (norm == 0) return out;
        double inv = 1.0 / Math.sqrt(norm);
        for (int i = 0; i < dimension; i++) out[i] = (float) (sum[i] * inv);
        return out;
    }

    private void countSize(int n, int delta) {
        if (n >= sizeCounts.length) sizeCounts = Arrays.copyOf(sizeCounts, Math.max(n + 1, 2 * sizeCounts.length));
        sizeCounts[n] += delta;
        if (delta > 0) {
            maxPerIdentity = Math.max(maxPerIdentity, n);
        } else {
            while (maxPerIdentity > 0 && sizeCounts[maxPerIdentity] == 0) maxPerIdentity--;
        }
    }

    /** One identity: guarded by the gallery's lock. */
    private static final class Ident {
        String name;
        int slot;
        int[] rows = new int[2]; // in enrolment order
        int count;
        final Map<String, String> metadata = new HashMap<>();

        Ident(String name, int slot) {
            this.name = name;
            this.slot = slot;
        }

        void addRow(int r) {
            if (count == rows.length) rows = Arrays.copyOf(rows, 2 * rows.length);
            rows[count++] = r;
        }

        void replaceRow(int old, int now) {
            for (int i = 0; i < count; i++) {
                if (rows[i] == old) {
                    rows[i] = now;
                    return;
                }
            }
            throw new IllegalStateException("row " + old + " is not one of " + name + "'s");
        }
    }

    @Override
    public String toString() {
        return "FlatGallery[" + modelId + "/" + dimension + ", " + scoring + ", " + store + ", " + size()
                + " identities, " + embeddingCount() + " embeddings]";
    }
}
