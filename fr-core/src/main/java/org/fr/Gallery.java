package org.fr;

import java.util.List;

/**
 * Known people: identities, each with one or more embeddings of one model. Open-set: {@link #identify} ranks
 * candidates, and the caller (or {@link #decide}) says "unknown" below a threshold. Implementations are
 * thread-safe: searches may run while others enrol. Galleries backed by files or native memory must be closed.
 */
public interface Gallery extends AutoCloseable {
    /** The model id every embedding in this gallery must carry. */
    String modelId();

    /** Adds an embedding to an identity, creating the identity if needed. */
    void enroll(String identity, Embedding embedding);

    /** Removes an identity and all its embeddings; false if it was not there. */
    boolean remove(String identity);

    /** Names of the enrolled identities, sorted. */
    List<String> identities();

    /** Number of identities. */
    int size();

    /**
     * The {@code k} best identities for the probe, best first, each scored by its best-matching embedding.
     *
     * @throws IllegalArgumentException if the probe comes from another model
     */
    List<Match> identify(Embedding probe, int k);

    /** The best match when its similarity reaches {@code threshold}, else {@code null} (unknown). */
    default Match decide(Embedding probe, float threshold) {
        List<Match> best = identify(probe, 1);
        return !best.isEmpty() && best.get(0).similarity() >= threshold ? best.get(0) : null;
    }

    @Override
    default void close() {}
}
