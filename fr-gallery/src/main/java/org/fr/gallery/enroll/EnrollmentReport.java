package org.fr.gallery.enroll;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an enrolment did: how many embeddings each identity received, and every image (or folder) that was not
 * used as given, with the reason. Immutable and thread-safe.
 *
 * @param enrolled embeddings added per identity, sorted by name; identities that received none are absent
 * @param problems the images (and empty person folders) that were skipped or needed a decision, in path order
 * @param images   the number of image files examined
 */
public record EnrollmentReport(SortedMap<String, Integer> enrolled, List<Problem> problems, int images) {
    public EnrollmentReport {
        enrolled = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(enrolled));
        problems = List.copyOf(problems);
        if (images < 0) throw new IllegalArgumentException("images must not be negative: " + images);
    }

    /** Why an image or folder appears in the report. */
    public enum Kind {
        /** The detector found no face (or none it could align): skipped. */
        NO_FACE,
        /** Several faces: skipped under {@link PivotEnrollment.MultiFace#SKIP}, the largest taken under {@link PivotEnrollment.MultiFace#LARGEST}. */
        SEVERAL_FACES,
        /** The file could not be decoded as an image (missing, empty, corrupt, not an image, too small or large): skipped. */
        UNREADABLE,
        /** A person folder holding no image file: the identity was not enrolled from it. */
        EMPTY_FOLDER,
        /** The face was refused by the enrolment's {@link FaceFilter} (e.g. turned too far): skipped. */
        REJECTED
    }

    /**
     * One image or folder that was skipped or needed a decision.
     *
     * @param path     the image file (or the person folder, for {@link Kind#EMPTY_FOLDER})
     * @param identity the identity it was meant for
     * @param kind     what went wrong
     * @param reason   a short one-line description, e.g. {@code "no face"}, {@code "2 faces"} or
     *                 {@code "unreadable: empty file (0 bytes)"}
     * @param skipped  whether the image contributed nothing ({@code false} only when the largest of several faces
     *                 was enrolled)
     */
    public record Problem(Path path, String identity, Kind kind, String reason, boolean skipped) {
        public Problem {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Number of identities that received at least one embedding. */
    public int identities() { return enrolled.size(); }

    /** Number of embeddings added over all identities. */
    public int embeddings() { return enrolled.values().stream().mapToInt(Integer::intValue).sum(); }

    /** Number of images that contributed no embedding (empty folders are not images, so not counted). */
    public int skipped() {
        return (int) problems.stream().filter(p -> p.skipped() && p.kind() != Kind.EMPTY_FOLDER).count();
    }

    /** The problems of one kind, in path order. */
    public List<Problem> problems(Kind kind) {
        return problems.stream().filter(p -> p.kind() == kind).toList();
    }

    /** The embeddings added to one identity (0 if none). */
    public int enrolled(String identity) { return enrolled.getOrDefault(identity, 0); }
}
