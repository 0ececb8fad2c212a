package org.fr.gallery.solr;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.CursorMarkParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.Match;
import org.fr.Verification;

/**
 * A {@link Gallery} stored in a SolrCloud collection, for galleries shared by many recognition servers, larger than
 * one machine's memory, or that must survive the loss of a machine. The embedded {@code FlatGallery} stays the
 * fastest choice when one process holds the gallery.
 *
 * <h2>Storage</h2>
 * One document per embedding ({@code kind=embedding}: identity, model, dimension, an enrolment sequence number and
 * the unit vector in a cosine HNSW {@code DenseVectorField}), one per identity ({@code kind=identity}: name and
 * metadata) and one describing the gallery ({@code kind=gallery}: model id and dimension). On first use the
 * configset {@code fr-gallery-DIMENSION} is uploaded and the collection created if missing
 * ({@link Builder#shards(int)} x {@link Builder#replicas(int)}, default 2 x 2). Opening a collection made for
 * another model or dimension fails. Threshold and scoring are settings of this client, not of the collection.
 *
 * <h2>Search</h2>
 * A kNN query asks for {@code topK = max(k * candidateFactor, minCandidates)} nearest embeddings (default
 * {@code max(10k, 100)}: Lucene's HNSW needs that oversampling to find the true nearest reliably), the stored
 * vectors come back with them, and the candidates are re-ranked exactly in Java: under {@link Scoring#MAX} an
 * identity scores its best candidate embedding; under {@link Scoring#MEAN} the candidate identities' embeddings
 * are all fetched and each scores the cosine with its L2-normalised mean. Ranking (similarity descending, ties by
 * name) and the open-set decision are the embedded gallery's, so both answer identically whenever the candidates
 * hold the best embedding of each returned identity; only recall can differ, never a reported similarity.
 * {@link #verify} is always exact (it reads all the identity's embeddings).
 *
 * <h2>Writes and durability</h2>
 * {@link #enrollAll} sends a batch of enrolments as two update requests (identity documents with optimistic
 * concurrency, so concurrent metadata merges never lose an entry, then the embedding documents) followed by a soft
 * commit. An enrolment is acknowledged (the call returns) only when Solr has answered every request: by then each
 * document has been appended to the update log (transaction log) of its shard's leader and of every active
 * replica, with {@code syncLevel=FSYNC} (forced to disk), and the soft commit has made it searchable. A replica
 * that was down catches up from the leader when it returns; a leader lost after acknowledging is replaced by a
 * replica that holds the update in its log. Index segments are hard-committed in the background every 15 s. While
 * a node is down or a leader is being elected, requests are retried (with backoff) for up to
 * {@link Builder#retryWindow(Duration)}; retries of one call are idempotent (document ids are chosen once per
 * call). A call that still fails throws {@link SolrGalleryException} and acknowledges nothing.
 *
 * <p>Remove and rename are by identity: remove deletes the identity's documents by query; rename re-indexes the
 * identity's embeddings under the new name (not atomic: an enrolment into the old name racing a rename may stay
 * under the old name).
 *
 * <p>Thread-safe: the SolrJ client is, and the gallery keeps no other mutable state but a sequence clock. Closing
 * the gallery closes the client if the gallery opened it.
 */
public final class SolrGallery implements Gallery {
    /** The threshold used when the builder is not given one, as in the embedded gallery. */
    public static final float DEFAULT_THRESHOLD = 0.262f;
    public static final int DEFAULT_CANDIDATE_FACTOR = 10;
    public static final int DEFAULT_MIN_CANDIDATES = 100;
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofSeconds(60);

    static final String ID = "id", KIND = "kind", IDENTITY = "identity", MODEL = "model", DIMENSION = "dimension",
            SEQ = "seq", VECTOR = "vector", METADATA_KEY = "metadata_key", METADATA_VALUE = "metadata_value",
            VERSION = "_version_";
    static final String KIND_IDENTITY = "identity", KIND_EMBEDDING = "embedding", KIND_GALLERY = "gallery";
    static final String GALLERY_DOC = "gallery";
    private static final int PAGE = 1_000;

    private final CloudSolrClient client;
    private final boolean ownsClient;
    private final String collection;
    private final String modelId;
    private final int dimension;
    private final float threshold;
    private final Scoring scoring;
    private final int candidateFactor;
    private final int minCandidates;
    private final Retries retries;
    private final AtomicLong clock = new AtomicLong();

    private SolrGallery(Builder b, CloudSolrClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.collection = b.collection;
        this.modelId = b.modelId;
        this.dimension = b.dimension;
        this.threshold = b.threshold;
        this.scoring = b.scoring;
        this.candidateFactor = b.candidateFactor;
        this.minCandidates = b.minCandidates;
        this.retries = new Retries(b.retryWindow);
    }

    /** A builder for a gallery of the given model and embedding length. */
    public static Builder builder(String modelId, int dimension) {
        return new Builder(modelId, dimension);
    }

    /** Options of a {@link SolrGallery}. Not thread-safe. */
    public static final class Builder {
        private final String modelId;
        private final int dimension;
        private SolrGalleryAddress address;
        private CloudSolrClient client;
        private String collection;
        private float threshold = DEFAULT_THRESHOLD;
        private Scoring scoring = Scoring.MAX;
        private int shards = 2;
        private int replicas = 2;
        private int candidateFactor = DEFAULT_CANDIDATE_FACTOR;
        private int minCandidates = DEFAULT_MIN_CANDIDATES;
        private Duration retryWindow = DEFAULT_RETRY_WINDOW;

        private Builder(String modelId, int dimension) {
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            if (modelId.isBlank()) throw new IllegalArgumentException("modelId must not be blank");
            if (dimension <= 0) throw new IllegalArgumentException("dimension must be positive: " + dimension);
            this.dimension = dimension;
        }

        /** The cluster (through ZooKeeper) and collection; the gallery opens and closes its own client. */
        public Builder address(SolrGalleryAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            this.collection = address.collection();
            return this;
        }

        /** An existing client (not closed by the gallery) and the collection to use. */
        public Builder client(CloudSolrClient client, String collection) {
            this.client = Objects.requireNonNull(client, "client");
            this.collection = Objects.requireNonNull(collection, "collection");
            return this;
        }

        public Builder threshold(float threshold) {
            if (!(threshold >= -1f && threshold <= 1f)) {
                throw new IllegalArgumentException("threshold must lie in [-1, 1]: " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        public Builder scoring(Scoring scoring) {
            this.scoring = Objects.requireNonNull(scoring, "scoring");
            return this;
        }

        /** Shards of a collection this gallery creates; default 2. */
        public Builder shards(int shards) {
            if (shards < 1) throw new IllegalArgumentException("shards must be at least 1: " + shards);
            this.shards = shards;
            return this;
        }

        /** Replicas per shard of a collection this gallery creates; default 2. */
        public Builder replicas(int replicas) {
            if (replicas < 1) throw new IllegalArgumentException("replicas must be at least 1: " + replicas);
            this.replicas = replicas;
            return this;
        }

        /** kNN candidates per wanted identity; default {@value SolrGallery#DEFAULT_CANDIDATE_FACTOR}. */
        public Builder candidateFactor(int factor) {
            if (factor < 1) throw new IllegalArgumentException("candidateFactor must be at least 1: " + factor);
            this.candidateFactor = factor;
            return this;
        }

        /** The fewest kNN candidates of any search; default {@value SolrGallery#DEFAULT_MIN_CANDIDATES}. */
        public Builder minCandidates(int candidates) {
            if (candidates < 1) throw new IllegalArgumentException("minCandidates must be at least 1: " + candidates);
            this.minCandidates = candidates;
            return this;
        }

        /** How long a call keeps retrying while the cluster cannot serve it; default 60 s. */
        public Builder retryWindow(Duration window) {
            if (window.isNegative()) throw new IllegalArgumentException("retryWindow must not be negative: " + window);
            this.retryWindow = window;
            return this;
        }

        /**
         * Connects, creates the collection if missing and checks that it holds this model and dimension.
         *
         * @throws IllegalArgumentException if the collection belongs to another model or dimension
         * @throws SolrGalleryException     if the cluster cannot be reached within the retry window
         */
        public SolrGallery build() {
            if ((address == null) == (client == null)) {
                throw new IllegalStateException("give exactly one of address(...) or client(...)");
            }
            boolean owns = client == null;
            CloudSolrClient c = owns ? new CloudSolrClient.Builder(address.zkHosts(), address.chroot()).build() : client;
            SolrGallery g = new SolrGallery(this, c, owns);
            try {
                g.retries.run("create collection " + collection, () -> {
                    GalleryCollection.ensure(c, collection, dimension, shards, replicas);
                    return null;
                });
                g.claimCollection();
                return g;
            } catch (RuntimeException e) {
                g.close();
                throw e;
            }
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

    public String collection() { return collection; }

    /** The kNN candidates one search for {@code k} identities asks for. */
    public int candidates(int k) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max((long) k * candidateFactor, minCandidates));
    }

    /** Writes the gallery document, or checks the one there against this gallery's model and dimension. */
    private void claimCollection() {
        retries.run("claim collection " + collection, () -> {
            SolrDocument doc = realTimeGet(GALLERY_DOC);
            if (doc == null) {
                SolrInputDocument d = new SolrInputDocument();
                d.setField(ID, GALLERY_DOC);
                d.setField(KIND, KIND_GALLERY);
                d.setField(MODEL, modelId);
                d.setField(DIMENSION, dimension);
                d.setField(VERSION, -1L); // only if absent
                try {
                    new UpdateRequest().add(d).process(client, collection);
                    return null;
                } catch (SolrException e) {
                    if (e.code() != 409) throw e;
                    doc = realTimeGet(GALLERY_DOC);
                }
            }
            String model = String.valueOf(doc.getFirstValue(MODEL));
            int dim = ((Number) doc.getFirstValue(DIMENSION)).intValue();
            if (!model.equals(modelId) || dim != dimension) {
                throw new IllegalArgumentException("Solr collection " + collection + " holds a gallery of model "
                        + model + "/" + dim + ", not " + modelId + "/" + dimension);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- writes

    /** One identity's enrolment in a batch. */
    public record Enrolment(String identity, List<Embedding> embeddings, Map<String, String> metadata) {
        public Enrolment {
            requireName(identity, "identity");
            embeddings = List.copyOf(embeddings);
            metadata = Map.copyOf(metadata);
            if (embeddings.isEmpty()) throw new IllegalArgumentException("cannot enrol " + identity + " with no embeddings");
        }
    }

    @Override
    public void enroll(String identity, List<Embedding> embeddings, Map<String, String> metadata) {
        requireName(identity, "identity");
        Objects.requireNonNull(embeddings, "embeddings");
        Objects.requireNonNull(metadata, "metadata");
        enrollAll(List.of(new Enrolment(identity, embeddings, metadata)));
    }

    /**
     * Enrols a batch in a few requests; returns once Solr has durably accepted all of it and it is searchable (see
     * the class notes). Enrolments of the same identity are applied in order. Validation happens before anything is
     * sent: a bad embedding anywhere rejects the whole batch.
     *
     * @throws IllegalArgumentException if an embedding's model or dimension differs from the gallery's
     * @throws SolrGalleryException     if Solr did not accept the batch within the retry window
     */
    public void enrollAll(List<Enrolment> batch) {
        Objects.requireNonNull(batch, "batch");
        if (batch.isEmpty()) return;
        Map<String, Map<String, String>> metadata = new LinkedHashMap<>();
        List<SolrInputDocument> embeddingDocs = new ArrayList<>();
        long seq = nextSeq(batch.stream().mapToInt(e -> e.embeddings().size()).sum());
        for (Enrolment e : batch) {
            metadata.computeIfAbsent(e.identity(), k -> new LinkedHashMap<>()).putAll(e.metadata());
            for (Embedding emb : e.embeddings()) {
                requireCompatible(Objects.requireNonNull(emb, "embedding"), "enrolled");
                SolrInputDocument d = new SolrInputDocument();
                d.setField(ID, "embedding/" + UUID.randomUUID());
                d.setField(KIND, KIND_EMBEDDING);
                d.setField(IDENTITY, e.identity());
                d.setField(MODEL, modelId);
                d.setField(DIMENSION, dimension);
                d.setField(SEQ, seq++);
                d.setField(VECTOR, toList(emb.values()));
                embeddingDocs.add(d);
            }
        }
        retries.run("enrol " + metadata.size() + " identities", () -> {
            mergeIdentityDocs(metadata);
            return null;
        });
        retries.run("enrol " + embeddingDocs.size() + " embeddings", () -> {
            new UpdateRequest().add(embeddingDocs).process(client, collection);
            return null;
        });
        softCommit();
    }

    /** Upserts identity documents with merged metadata, retrying on version conflicts (merging is idempotent). */
    private void mergeIdentityDocs(Map<String, Map<String, String>> metadata) throws IOException, SolrServerException {
        while (true) {
            List<String> ids = metadata.keySet().stream().map(SolrGallery::identityDocId).toList();
            Map<String, SolrDocument> current = new HashMap<>();
            for (SolrDocument d : realTimeGet(ids)) current.put((String) d.getFirstValue(IDENTITY), d);
            UpdateRequest update = new UpdateRequest();
            for (Map.Entry<String, Map<String, String>> e : metadata.entrySet()) {
                SolrDocument old = current.get(e.getKey());
                Map<String, String> merged = old == null ? new LinkedHashMap<>() : metadataOf(old);
                merged.putAll(e.getValue());
                update.add(identityDoc(e.getKey(), merged, old == null ? -1L : (Long) old.getFirstValue(VERSION)));
            }
            try {
                update.process(client, collection);
                return;
            } catch (SolrException e) {
                if (e.code() != 409) throw e; // someone else changed one of them: read again
            }
        }
    }

    /**
     * The latest version of each document, committed or not, by id (real-time get), sent as a POST with one
     * {@code id} parameter per document, so neither ids holding commas nor large batches are a problem.
     */
    private SolrDocument realTimeGet(String id) throws IOException, SolrServerException {
        SolrDocumentList docs = realTimeGet(List.of(id));
        return docs.isEmpty() ? null : docs.get(0);
    }

    private SolrDocumentList realTimeGet(List<String> ids) throws IOException, SolrServerException {
        ModifiableSolrParams params = new ModifiableSolrParams();
        for (String id : ids) params.add("id", id);
        QueryRequest get = new QueryRequest(params, SolrRequest.METHOD.POST);
        get.setPath("/get");
        QueryResponse r = get.process(client, collection);
        if (r.getResults() != null) return r.getResults();
        SolrDocumentList one = new SolrDocumentList(); // a single id is answered as {"doc": ...}
        if (r.getResponse().get("doc") instanceof SolrDocument d) one.add(d);
        return one;
    }

    @Override
    public boolean remove(String identity) {
        if (identity == null) return false;
        boolean existed = retries.run("remove " + identity, () -> {
            if (realTimeGet(identityDocId(identity)) == null) return false;
            new UpdateRequest().deleteByQuery(IDENTITY + ":" + ClientUtils.escapeQueryChars(identity))
                    .process(client, collection);
            return true;
        });
        if (existed) softCommit();
        return existed;
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
        SolrDocument old = retries.run("read " + from, () -> realTimeGet(identityDocId(from)));
        if (old == null) return false;
        if (from.equals(to)) return true;
        boolean created = retries.run("rename " + from + " to " + to, () -> {
            try {
                new UpdateRequest().add(identityDoc(to, metadataOf(old), -1L)).process(client, collection);
                return true;
            } catch (SolrException e) {
                if (e.code() == 409) return false;
                throw e;
            }
        });
        if (!created) {
            throw new IllegalArgumentException("cannot rename " + from + " to " + to + ": " + to + " is already enrolled");
        }
        List<SolrDocument> embeddings = embeddingsOf(List.of(from));
        List<SolrInputDocument> moved = new ArrayList<>();
        for (SolrDocument d : embeddings) {
            SolrInputDocument m = new SolrInputDocument();
            for (String f : List.of(ID, KIND, MODEL, DIMENSION, SEQ)) m.setField(f, d.getFirstValue(f));
            m.setField(IDENTITY, to);
            m.setField(VECTOR, d.getFieldValues(VECTOR));
            moved.add(m);
        }
        retries.run("rename " + from + " to " + to, () -> {
            UpdateRequest update = new UpdateRequest();
            if (!moved.isEmpty()) update.add(moved);
            update.deleteById(identityDocId(from));
            update.process(client, collection);
            return null;
        });
        softCommit();
        return true;
    }

    private void softCommit() {
        retries.run("commit", () -> {
            new UpdateRequest().setAction(AbstractUpdateRequest.ACTION.COMMIT, true, true, true).process(client, collection);
            return null;
        });
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<String> identities() {
        List<String> names = new ArrayList<>();
        for (SolrDocument d : all(KIND + ":" + KIND_IDENTITY, IDENTITY)) names.add((String) d.getFirstValue(IDENTITY));
        names.sort(Comparator.naturalOrder());
        return List.copyOf(names);
    }

    @Override
    public Optional<GalleryIdentity> get(String identity) {
        if (identity == null) return Optional.empty();
        SolrDocument doc = retries.run("read " + identity, () -> realTimeGet(identityDocId(identity)));
        if (doc == null) return Optional.empty();
        List<Embedding> embeddings = new ArrayList<>();
        for (SolrDocument d : embeddingsOf(List.of(identity))) embeddings.add(Embedding.ofUnitVector(modelId, vectorOf(d)));
        return Optional.of(new GalleryIdentity(identity, embeddings, metadataOf(doc)));
    }

    @Override
    public int size() {
        return (int) count(KIND + ":" + KIND_IDENTITY);
    }

    @Override
    public int embeddingCount() {
        return (int) count(KIND + ":" + KIND_EMBEDDING);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the probe's model or dimension differs from the gallery's, or {@code k < 1}
     */
    @Override
    public List<Match> search(Embedding probe, int k) {
        requireCompatible(Objects.requireNonNull(probe, "probe"), "probe");
        if (k < 1) throw new IllegalArgumentException("k must be at least 1: " + k);
        float[] p = probe.values();
        int topK = candidates(k);
        SolrQuery q = new SolrQuery("{!knn f=" + VECTOR + " topK=" + topK + "}" + vectorLiteral(p));
        q.setRows(topK);
        q.setFields(IDENTITY, VECTOR);
        SolrDocumentList docs = query("search", q).getResults();
        Map<String, Float> best = new HashMap<>();
        if (scoring == Scoring.MAX) {
            for (SolrDocument d : docs) best.merge((String) d.getFirstValue(IDENTITY), cosine(vectorOf(d), p), Math::max);
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (SolrDocument d : docs) names.add((String) d.getFirstValue(IDENTITY));
            best.putAll(meanScores(names, p));
        }
        List<Match> matches = new ArrayList<>(best.size());
        best.forEach((name, s) -> matches.add(new Match(name, s)));
        matches.sort(Comparator.comparing(Match::similarity, Comparator.reverseOrder()).thenComparing(Match::identity));
        return List.copyOf(matches.subList(0, Math.min(k, matches.size())));
    }

    /** {@inheritDoc} Exact: reads all the identity's embeddings. */
    @Override
    public Verification verify(Embedding probe, String identity) {
        requireCompatible(Objects.requireNonNull(probe, "probe"), "probe");
        float[] p = probe.values();
        if (identity == null) throw new IllegalArgumentException("identity not enrolled: null");
        List<SolrDocument> docs = embeddingsOf(List.of(identity));
        if (docs.isEmpty()) throw new IllegalArgumentException("identity not enrolled: " + identity);
        float score;
        if (scoring == Scoring.MEAN) {
            score = meanScores(List.of(identity), p).get(identity);
        } else {
            score = Float.NEGATIVE_INFINITY;
            for (SolrDocument d : docs) score = Math.max(score, cosine(vectorOf(d), p));
        }
        return Verification.of(score, threshold);
    }

    /** Each identity's cosine between the probe and the L2-normalised mean of its embeddings (0 if they cancel). */
    private Map<String, Float> meanScores(Collection<String> names, float[] p) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (SolrDocument d : embeddingsOf(names)) { // in enrolment order, as the embedded gallery sums them
            double[] sum = sums.computeIfAbsent((String) d.getFirstValue(IDENTITY), n -> new double[dimension]);
            float[] v = vectorOf(d);
            for (int i = 0; i < dimension; i++) sum[i] += v[i];
        }
        Map<String, Float> scores = new HashMap<>();
        sums.forEach((name, sum) -> {
            double norm = 0;
            for (double v : sum) norm += v * v;
            float[] mean = new float[dimension];
            if (norm > 0) {
                double inv = 1.0 / Math.sqrt(norm);
                for (int i = 0; i < dimension; i++) mean[i] = (float) (sum[i] * inv);
            }
            scores.put(name, cosine(mean, p));
        });
        return scores;
    }

    /** The embedding documents of the named identities, in enrolment order. */
    private List<SolrDocument> embeddingsOf(Collection<String> names) {
        if (names.isEmpty()) return List.of();
        StringBuilder q = new StringBuilder(KIND + ":" + KIND_EMBEDDING + " AND " + IDENTITY + ":(");
        int i = 0;
        for (String n : names) q.append(i++ == 0 ? "" : " OR ").append(ClientUtils.escapeQueryChars(n));
        q.append(')');
        return all(q.toString(), ID, KIND, IDENTITY, MODEL, DIMENSION, SEQ, VECTOR);
    }

    /** Every document matching the query, paged with a cursor, sorted by enrolment sequence then id. */
    private List<SolrDocument> all(String query, String... fields) {
        List<SolrDocument> out = new ArrayList<>();
        String cursor = CursorMarkParams.CURSOR_MARK_START;
        while (true) {
            SolrQuery q = new SolrQuery(query);
            q.setFields(fields);
            q.setRows(PAGE);
            q.addSort(SEQ, SolrQuery.ORDER.asc);
            q.addSort(ID, SolrQuery.ORDER.asc);
            q.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
            QueryResponse r = query("read", q);
            out.addAll(r.getResults());
            String next = r.getNextCursorMark();
            if (next == null || next.equals(cursor)) return out;
            cursor = next;
        }
    }

    private long count(String query) {
        SolrQuery q = new SolrQuery(query);
        q.setRows(0);
        return query("count", q).getResults().getNumFound();
    }

    /** The query's response with its result list, retried within the window while Solr cannot answer it. */
    private QueryResponse query(String what, SolrQuery q) {
        return retries.run(what, () -> answered(what, client.query(collection, q, SolrRequest.METHOD.POST)));
    }

    /**
     * {@code r} when it carries a result list; otherwise a retriable failure: while a shard's leader is being lost,
     * SolrCloud can answer a query with a response that has no result list and no exception.
     */
    static QueryResponse answered(String what, QueryResponse r) throws SolrServerException {
        if (r.getResults() == null) {
            throw new SolrServerException(what + ": Solr answered without a result list (status " + r.getStatus() + ")");
        }
        return r;
    }

    // ---------------------------------------------------------------- helpers

    /** A block of {@code n} increasing sequence numbers, above every earlier one of this client (microseconds). */
    private long nextSeq(int n) {
        long now = System.currentTimeMillis() * 1000;
        return clock.updateAndGet(last -> Math.max(last, now) + n) - n + 1;
    }

    static String identityDocId(String name) {
        return "identity/" + name;
    }

    private SolrInputDocument identityDoc(String name, Map<String, String> metadata, long version) {
        SolrInputDocument d = new SolrInputDocument();
        d.setField(ID, identityDocId(name));
        d.setField(KIND, KIND_IDENTITY);
        d.setField(IDENTITY, name);
        d.setField(MODEL, modelId);
        d.setField(SEQ, 0L);
        List<String> keys = new ArrayList<>(metadata.keySet());
        d.setField(METADATA_KEY, keys);
        d.setField(METADATA_VALUE, keys.stream().map(metadata::get).toList());
        d.setField(VERSION, version);
        return d;
    }

    private static Map<String, String> metadataOf(SolrDocument doc) {
        Map<String, String> md = new LinkedHashMap<>();
        Collection<Object> keys = doc.getFieldValues(METADATA_KEY);
        Collection<Object> values = doc.getFieldValues(METADATA_VALUE);
        if (keys == null) return md;
        var v = values.iterator();
        for (Object key : keys) md.put((String) key, (String) v.next());
        return md;
    }

    private float[] vectorOf(SolrDocument d) {
        Collection<Object> values = d.getFieldValues(VECTOR);
        if (values == null || values.size() != dimension) {
            throw new IllegalStateException("document " + d.getFirstValue(ID) + " of collection " + collection
                    + " has no " + dimension + "-long vector");
        }
        float[] v = new float[dimension];
        int i = 0;
        for (Object o : values) v[i++] = ((Number) o).floatValue();
        return v;
    }

    /** The float32 dot product of unit vectors, clamped to [-1, 1]. */
    static float cosine(float[] a, float[] b) {
        float dot = 0f;
        for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
        return Math.max(-1f, Math.min(1f, dot));
    }

    private static List<Float> toList(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float f : v) out.add(f);
        return out;
    }

    private static String vectorLiteral(float[] v) {
        StringBuilder s = new StringBuilder(v.length * 12).append('[');
        for (int i = 0; i < v.length; i++) s.append(i == 0 ? "" : ",").append(v[i]);
        return s.append(']').toString();
    }

    private void requireCompatible(Embedding e, String what) {
        if (!e.modelId().equals(modelId) || e.dimension() != dimension) {
            throw new IllegalArgumentException(what + " embedding of model " + e.modelId() + "/" + e.dimension()
                    + " does not match this gallery's model " + modelId + "/" + dimension);
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException(what + " must not be blank");
    }

    @Override
    public void close() {
        if (!ownsClient) return;
        try {
            client.close();
        } catch (IOException e) {
            // nothing to recover: the client's connections are gone either way
        }
    }

    @Override
    public String toString() {
        return "SolrGallery[" + collection + ", " + modelId + "/" + dimension + ", " + scoring + "]";
    }
}
