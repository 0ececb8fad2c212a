package org.fr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fr.eval.GreedyMatchingTest.det;

import java.util.List;

import org.fr.BoundingBox;
import org.junit.jupiter.api.Test;

class DetectionCountsTest {
    @Test
    void countsAtBothLevelsAndForTallFaces() {
        List<BoundingBox> truth = List.of(
                new BoundingBox(0, 0, 50, 50),      // tall, found exactly
                new BoundingBox(100, 0, 150, 50),   // tall, found loosely: IoU 0.4 only
                new BoundingBox(200, 0, 210, 10),   // small, missed
                new BoundingBox(300, 0, 330, 39));  // 39 px high: not tall, found exactly
        var d = List.of(
                det(0, 0, 50, 50, 0.9f),
                det(100, 0, 150, 50 * 0.4f, 0.8f),  // 50x20 inside 50x50: IoU 1000/2500 = 0.4
                det(300, 0, 330, 39, 0.7f),
                det(500, 500, 520, 520, 0.6f));     // on nothing
        DetectionCounts c = DetectionCounts.of(truth, d, 40);
        assertThat(c).isEqualTo(new DetectionCounts(1, 1, 4, 4, 2, 3, 2, 1, 2, 1, 2));
        assertThat(c.recall50()).isEqualTo(0.5);
        assertThat(c.recall30()).isEqualTo(0.75);
        assertThat(c.precision30()).isEqualTo(0.75);
        assertThat(c.precision50()).isEqualTo(0.5);
        assertThat(c.tallRecall50()).isEqualTo(0.5);
        assertThat(c.tallRecall30()).isEqualTo(1.0);
    }

    @Test
    void sumsImagesAndLeavesUndefinedRatiosNaN() {
        DetectionCounts neg = DetectionCounts.of(List.of(), List.of(det(0, 0, 5, 5, 0.9f), det(9, 9, 12, 12, 0.8f)), 40);
        DetectionCounts empty = DetectionCounts.of(List.of(), List.of(), 40);
        DetectionCounts sum = DetectionCounts.ZERO.plus(neg).plus(empty);
        assertThat(sum).isEqualTo(new DetectionCounts(2, 1, 0, 2, 0, 0, 2, 2, 0, 0, 0));
        assertThat(sum.recall50()).isNaN();
        assertThat(sum.tallRecall50()).isNaN();
        assertThat(sum.precision30()).isZero();
        assertThat(empty.precision30()).isNaN();
    }
}
