package org.fr.gallery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.Match;

/**
 * An exact, in-memory gallery: every probe is compared with every enrolled embedding; an identity scores its
 * best-matching embedding (max). Embeddings of another model or dimension are refused.
 *
 * <p>Thread-safe: searches share a read lock, enrolment and removal take the write lock.
 */
public final class InMemoryGallery implements Gallery {
    private final String modelId;
    private final int dimension;
    private final Map<String, List<Embedding>> byIdentity = new TreeMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public InMemoryGallery(String modelId, int dimension) {
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        if (dimension <= 0) throw new IllegalArgumentException("dimension must be positive: " + dimension);
        this.dimension = dimension;
    }

    @Override
    public String modelId() { return modelId; }

    public int dimension() { return dimension; }

    private void check(Embedding e, String what) {
        if (!e.modelId().equals(modelId) || e.dimension() != dimension) {
            throw new IllegalArgumentException(what + " embedding of model " + e.modelId() + "/" + e.dimension()
                    + " does not match this gallery's " + modelId + "/" + dimension);
        }
    }

    @Override
    public void enroll(String identity, Embedding embedding) {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("identity must not be blank");
        check(embedding, "enrolled");
        lock.writeLock().lock();
        try {
            byIdentity.computeIfAbsent(identity, k -> new ArrayList<>()).add(embedding);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean remove(String identity) {
        lock.writeLock().lock();
        try {
            return byIdentity.remove(identity) != null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<String> identities() {
        lock.readLock().lock();
        try {
            return List.copyOf(byIdentity.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return byIdentity.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Match> identify(Embedding probe, int k) {
        if (k <= 0) throw new IllegalArgumentException("k must be positive: " + k);
        check(probe, "probe");
        List<Match> all = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (var e : byIdentity.entrySet()) {
                float best = -1f;
                for (Embedding g : e.getValue()) best = Math.max(best, probe.cosine(g));
                all.add(new Match(e.getKey(), best));
            }
        } finally {
            lock.readLock().unlock();
        }
        all.sort(Comparator.comparingDouble(Match::similarity).reversed().thenComparing(Match::identity));
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
