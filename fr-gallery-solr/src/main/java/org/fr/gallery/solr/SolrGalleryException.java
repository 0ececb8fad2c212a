package org.fr.gallery.solr;

/**
 * Solr did not accept or answer a gallery request within the retry window (cluster unreachable, no leader for a
 * shard). An enrolment that ends with this exception was not acknowledged: it may or may not be stored (repeating it
 * may store its embeddings twice, which changes no search answer under {@link org.fr.Gallery.Scoring#MAX}).
 */
public class SolrGalleryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SolrGalleryException(String message, Throwable cause) {
        super(message, cause);
    }
}
