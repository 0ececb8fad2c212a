package org.fr.detect.blazeface;

import java.util.List;
import java.util.Objects;

import org.fr.DetectedFace;
import org.fr.Point;

/**
 * One BlazeFace detection: the {@link DetectedFace} (box, score, five alignment landmarks) together with the six
 * keypoints the network itself predicts, in image pixels, in this order: the eye on the image left, the eye on the
 * image right, the nose tip, the mouth centre, the ear tragion on the image left, the ear tragion on the image
 * right ("image left" is the smaller x; on a frontal face that is the subject's right). Keypoints are not clipped
 * to the image. Immutable and thread-safe.
 */
public record BlazeFaceDetection(DetectedFace face, List<Point> keypoints) {
    public static final int KEYPOINTS = 6;
    public static final int LEFT_EYE = 0, RIGHT_EYE = 1, NOSE = 2, MOUTH = 3, LEFT_EAR = 4, RIGHT_EAR = 5;

    public BlazeFaceDetection {
        Objects.requireNonNull(face, "face");
        keypoints = List.copyOf(keypoints);
        if (keypoints.size() != KEYPOINTS) {
            throw new IllegalArgumentException("expected " + KEYPOINTS + " keypoints, got " + keypoints.size());
        }
    }

    public Point keypoint(int index) { return keypoints.get(index); }
}
