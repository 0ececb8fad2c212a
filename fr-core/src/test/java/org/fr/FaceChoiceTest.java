package org.fr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The static face choices of {@link FaceRecognizer}: largest, and nearest the image centre. */
class FaceChoiceTest {
    private static final Landmarks POINTS = Landmarks.of(1, 1, 2, 1, 1.5f, 2, 1, 3, 2, 3);

    private static DetectedFace face(float x1, float y1, float x2, float y2, Landmarks landmarks) {
        return new DetectedFace(new BoundingBox(x1, y1, x2, y2), 0.9f, landmarks);
    }

    @Test
    void nearestCentreTakesTheFaceWithLandmarksClosestToTheCentre() {
        DetectedFace big = face(0, 0, 60, 60, POINTS);              // centre (30, 30)
        DetectedFace central = face(40, 40, 60, 60, POINTS);        // centre (50, 50): the image centre
        DetectedFace noLandmarks = face(45, 45, 55, 55, null);      // nearer still, but cannot be aligned
        List<DetectedFace> faces = List.of(big, noLandmarks, central);
        assertThat(FaceRecognizer.nearestCentre(faces, 100, 100)).containsSame(central);
        assertThat(FaceRecognizer.largest(faces)).containsSame(big);
        assertThat(FaceRecognizer.nearestCentre(List.of(noLandmarks), 100, 100)).isEmpty();
        assertThat(FaceRecognizer.nearestCentre(List.of(), 100, 100)).isEmpty();
    }
}
