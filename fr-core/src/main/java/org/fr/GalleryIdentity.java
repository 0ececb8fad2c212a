package org.fr;

import java.util.List;
import java.util.Map;

/** One enrolled identity: its name, embeddings and metadata. Immutable and thread-safe. */
public record GalleryIdentity(String name, List<Embedding> embeddings, Map<String, String> metadata) {
    public GalleryIdentity {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("identity name must not be blank");
        embeddings = List.copyOf(embeddings);
        metadata = Map.copyOf(metadata);
    }
}
