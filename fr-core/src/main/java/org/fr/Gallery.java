package org.fr;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Known people, for open-set identification with no training when someone is added: identities, each with one or
 * more embeddings of one model and free-form metadata. {@link #identify} ranks candidates and answers with a named
 * identity or "unknown" below the threshold.
 *
 * <p>Invariants: every embedding has this gallery's {@link #modelId()} and {@link #dimension()}; a probe or an
 * enrolment of another model or dimension is refused with an {@link IllegalArgumentException}. An identity scores
 * a probe by its best-matching embedding ({@link Scoring#MAX}, the default) or by the normalised mean of its
 * embeddings ({@link Scoring#MEAN}).
 *
 * <p>Implementations are thread-safe: searches may run while others enrol or remove. Galleries backed by files or
 * native memory must be closed.
 */
public interface Gallery extends AutoCloseable {
    /** How an identity with several embeddings is scored against a probe. */
    enum Scoring {
        /** The highest cosine over the identity's embeddings (robust to pose and age spread). */
        MAX,
        /** The cosine with the L2-normalised mean of the identity's embeddings (a template). */
        MEAN
    }

    /** The model id every embedding in this gallery must carry. */
    String modelId();

    /** The embeddings' length. */
    int dimension();

    /** The cosine similarity at or above which {@link #identify(Embedding, int)} names an identity. */
    float threshold();

    Scoring scoring();

    /**
     * Adds embeddings (at least one) to an identity, creating it if needed, and merges the metadata into the
     * identity's (later values win).
     */
    void enroll(String identity, List<Embedding> embeddings, Map<String, String> metadata);

    default void enroll(String identity, Embedding embedding) {
        enroll(identity, List.of(embedding), Map.of());
    }

    /** Removes an identity and all its embeddings; false if it was not there. */
    boolean remove(String identity);

    /**
     * Renames an identity; false if {@code from} does not exist.
     *
     * @throws IllegalArgumentException if {@code to} already exists
     */
    boolean rename(String from, String to);

    /** Names of the enrolled identities, sorted. */
    List<String> identities();

    /** An identity's record, if enrolled. */
    Optional<GalleryIdentity> get(String identity);

    /** Number of identities. */
    int size();

    /** Number of embeddings over all identities. */
    int embeddingCount();

    /** The {@code k} best identities for the probe, best first (ties by name). */
    List<Match> search(Embedding probe, int k);

    /** The {@code k} best candidates and the open-set decision at {@code threshold}. */
    default Identification identify(Embedding probe, int k, float threshold) {
        return Identification.of(search(probe, Math.max(1, k)), threshold);
    }

    /** The {@code k} best candidates and the open-set decision at this gallery's {@link #threshold()}. */
    default Identification identify(Embedding probe, int k) {
        return identify(probe, k, threshold());
    }

    /**
     * Compares a probe with one identity.
     *
     * @throws IllegalArgumentException if the identity is not enrolled
     */
    Verification verify(Embedding probe, String identity);

    @Override
    default void close() {}
}
