package org.fr.client;

import java.util.List;
import java.util.Map;

/**
 * The server's gallery: its model, dimension and threshold, and its identities sorted by name. Immutable.
 *
 * @param embeddingCount embeddings over all identities
 */
public record GalleryListing(String modelId, int dimension, float threshold, int embeddingCount, List<Identity> identities) {
    public GalleryListing {
        identities = List.copyOf(identities);
    }

    /** One identity: its name, how many embeddings it holds and its metadata. */
    public record Identity(String name, int embeddings, Map<String, String> metadata) {
        public Identity {
            metadata = Map.copyOf(metadata);
        }
    }
}
