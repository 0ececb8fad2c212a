package org.fr.benchmarks.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.fr.BoundingBox;
import org.junit.jupiter.api.Test;

class DetectionScoreTest {
    private static final LabelledImage TWO_FACES = new LabelledImage(Path.of("x.jpg"),
            List.of(new BoundingBox(0, 0, 100, 100), new BoundingBox(200, 0, 300, 100)),
            List.of(new BoundingBox(400, 0, 410, 10)));

    @Test
    void eachFaceMatchesAtMostOnePrediction() {
        // two predictions on the first face (the better one matches, the other is a false positive), none on the second
        List<BoundingBox> predicted = List.of(new BoundingBox(5, 5, 105, 105), new BoundingBox(0, 0, 90, 100));
        DetectionScore s = DetectionScore.of(predicted, TWO_FACES, 0.5);
        assertThat(s.faces()).isEqualTo(2);
        assertThat(s.found()).isEqualTo(1);
        assertThat(s.falsePositives()).isEqualTo(1);
        assertThat(s.imagesWithFalsePositives()).isEqualTo(1);
        assertThat(s.recall()).isEqualTo(0.5);
        assertThat(s.precision()).isEqualTo(0.5);
    }

    @Test
    void theIouThresholdDecides() {
        // IoU of [0,0,100,100] and [40,0,140,100] is 60 / 140 = 0.43: found at 0.3, not at 0.5
        List<BoundingBox> predicted = List.of(new BoundingBox(40, 0, 140, 100));
        assertThat(DetectionScore.of(predicted, TWO_FACES, 0.5).found()).isZero();
        assertThat(DetectionScore.of(predicted, TWO_FACES, 0.3).found()).isEqualTo(1);
    }

    @Test
    void boxesOnIgnoredFacesAreNeitherHitsNorFalsePositives() {
        DetectionScore s = DetectionScore.of(List.of(new BoundingBox(400, 0, 410, 10)), TWO_FACES, 0.5);
        assertThat(s.found()).isZero();
        assertThat(s.falsePositives()).isZero();
        assertThat(s.plus(s).faces()).isEqualTo(4);
    }
}
