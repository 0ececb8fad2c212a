package org.fr.client;

import java.util.Map;
import java.util.Objects;

import org.fr.AlignedFace;
import org.fr.Embedding;

/**
 * One face to enrol under an identity: from an encoded image (its one face; with {@code largestFace}, the largest of
 * several), an embedding, or an aligned crop. Exactly one source is set. Immutable and thread-safe (the image bytes
 * are not copied: do not change them).
 */
public record Enrollment(String identity, byte[] image, String imageName, Embedding embedding, AlignedFace crop,
                         Map<String, String> metadata, boolean largestFace) {
    public Enrollment {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("identity must not be blank");
        int sources = (image != null ? 1 : 0) + (embedding != null ? 1 : 0) + (crop != null ? 1 : 0);
        if (sources != 1) throw new IllegalArgumentException("an enrolment needs exactly one of image, embedding, crop; got " + sources);
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
        imageName = imageName == null ? "" : imageName;
    }

    public static Enrollment ofImage(String identity, byte[] image, String imageName) {
        return new Enrollment(identity, image, imageName, null, null, Map.of(), false);
    }

    public static Enrollment ofEmbedding(String identity, Embedding embedding) {
        return new Enrollment(identity, null, null, embedding, null, Map.of(), false);
    }

    public static Enrollment ofCrop(String identity, AlignedFace crop) {
        return new Enrollment(identity, null, null, null, crop, Map.of(), false);
    }

    public Enrollment withMetadata(Map<String, String> metadata) {
        return new Enrollment(identity, image, imageName, embedding, crop, metadata, largestFace);
    }

    /** For an image of several faces: enrol the largest (true) or skip the image (false, the default). */
    public Enrollment withLargestFace(boolean largest) {
        return new Enrollment(identity, image, imageName, embedding, crop, metadata, largest);
    }
}
