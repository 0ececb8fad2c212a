package org.fr.gallery.solr;

import java.io.IOException;
import java.time.Duration;

import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.common.SolrException;

/**
 * Retries a Solr call while the cluster cannot serve it (connection refused, no live replica, leader election, a
 * server error), with backoff from 50 ms doubling to 2 s, for up to a window. Client errors (4xx) are not retried.
 * Thread-safe (stateless).
 */
final class Retries {
    /** A call to Solr. */
    interface SolrCall<T> {
        T call() throws IOException, SolrServerException;
    }

    private final long windowNanos;

    Retries(Duration window) {
        this.windowNanos = window.toNanos();
    }

    <T> T run(String what, SolrCall<T> call) {
        long deadline = System.nanoTime() + windowNanos;
        long backoffMillis = 50;
        while (true) {
            Exception failure;
            try {
                return call.call();
            } catch (SolrException e) {
                if (!retriable(e)) throw new SolrGalleryException(what + " failed: " + e.getMessage(), e);
                failure = e;
            } catch (IOException | SolrServerException e) {
                failure = e;
            }
            if (System.nanoTime() + backoffMillis * 1_000_000 - deadline > 0) {
                throw new SolrGalleryException(what + " failed (Solr unavailable for "
                        + Duration.ofNanos(windowNanos).toSeconds() + " s): " + failure.getMessage(), failure);
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SolrGalleryException(what + " interrupted", failure);
            }
            backoffMillis = Math.min(2_000, backoffMillis * 2);
        }
    }

    /** Server-side and transport failures are worth retrying; a rejected request is not. */
    static boolean retriable(SolrException e) {
        int code = e.code();
        return code >= 500 || code <= 0 || code == 404 || code == 410 || code == 408 || code == 429;
    }
}
