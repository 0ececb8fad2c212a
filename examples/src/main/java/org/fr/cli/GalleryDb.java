package org.fr.cli;

import java.nio.file.Path;
import java.util.Objects;

import org.fr.FaceEmbedder;
import org.fr.Gallery;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.GallerySnapshot;
import org.fr.gallery.solr.SolrGallery;
import org.fr.gallery.solr.SolrGalleryAddress;

/**
 * The {@code --db} option of {@code fr enroll}, {@code identify}, {@code video} and {@code serve}, the one place that
 * turns its value into a gallery: a gallery file ({@code .json}: JSON, else binary), or a SolrCloud collection
 * addressed as {@code solr://ZKHOST:PORT[,ZKHOST:PORT...]/CHROOT?collection=NAME}. Parsing refuses a malformed
 * address before any model loads. A Solr collection is created when missing, for the embedder's model and
 * dimension, at its calibrated 1e-3 false-match-rate threshold (else its default), as a new gallery file is.
 * Immutable and thread-safe.
 */
final class GalleryDb {
    /** The placeholder for help texts. */
    static final String LABEL = "FILE|solr://ZK:PORT[,ZK:PORT...]/CHROOT?collection=NAME";

    private final Path file;
    private final SolrGalleryAddress solr;

    private GalleryDb(Path file, SolrGalleryAddress solr) {
        this.file = file;
        this.solr = solr;
    }

    /**
     * The option's value as a file or a Solr address.
     *
     * @throws IllegalArgumentException for a {@code solr://} value that is not a valid address (bad input)
     */
    static GalleryDb parse(String value) {
        Objects.requireNonNull(value, "--db");
        if (value.isBlank()) throw new IllegalArgumentException("--db must not be blank");
        return SolrGalleryAddress.isAddress(value) ? new GalleryDb(null, SolrGalleryAddress.parse(value))
                : new GalleryDb(Path.of(value), null);
    }

    boolean isSolr() { return solr != null; }

    /** The gallery file; only for a file. */
    Path file() {
        if (file == null) throw new IllegalStateException("--db " + solr + " is not a file");
        return file;
    }

    /** Opens (creating it when missing) the SolrCloud collection for the embedder's model; only for an address. */
    SolrGallery openSolr(FaceEmbedder embedder) {
        if (solr == null) throw new IllegalStateException("--db " + file + " is not a SolrCloud address");
        return SolrGallery.builder(embedder.modelId(), embedder.dimension())
                .threshold(EnrollCommand.newGalleryThreshold(embedder)).address(solr).build();
    }

    /**
     * For searching: a file is read now, so a missing or unreadable one is refused before any model loads; the
     * returned opener then makes the gallery for the embedder (a {@link FlatGallery} of the file, refused when
     * another model made it, or the Solr collection).
     */
    Searchable forSearch() {
        GallerySnapshot snapshot = file != null ? GalleryCommand.load(file) : null;
        return embedder -> {
            if (snapshot == null) return openSolr(embedder);
            GalleryCommand.requireSameModel(snapshot, file, embedder);
            return FlatGallery.of(snapshot);
        };
    }

    /** Makes the gallery to search for an embedder (see {@link #forSearch()}). */
    @FunctionalInterface
    interface Searchable {
        Gallery open(FaceEmbedder embedder);
    }

    /** The file name or the address, as given (for output lines). */
    @Override
    public String toString() {
        return file != null ? file.toString() : solr.toString();
    }
}
