package org.fr.gallery.enroll;

import java.util.Optional;

import org.fr.DetectedFace;
import org.fr.RgbImage;

/**
 * Decides whether a detected face is fit to enrol, e.g. not turned too far from the camera (the {@code fr enroll
 * --max-yaw} option uses head pose from {@code fr-analyze}). Implementations must be thread-safe: enrolment calls
 * them from several threads at once.
 */
@FunctionalInterface
public interface FaceFilter {
    /** Accepts every face. */
    FaceFilter ACCEPT_ALL = (image, face) -> Optional.empty();

    /**
     * @return empty to enrol the face, or the reason it is refused (reported as the image's problem, e.g.
     *         {@code "turned 52 degrees (max 30)"})
     */
    Optional<String> reject(RgbImage image, DetectedFace face);
}
