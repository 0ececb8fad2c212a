package org.fr.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.junit.jupiter.api.Test;

class GreedyMatchingTest {
    static DetectedFace det(float x1, float y1, float x2, float y2, float score) {
        return new DetectedFace(new BoundingBox(x1, y1, x2, y2), score, null);
    }

    @Test
    void theBetterScoredDetectionTakesTheFaceAndADuplicateIsLeftOver() {
        List<BoundingBox> truth = List.of(new BoundingBox(0, 0, 10, 10));
        // IoU with the face: exact box 1.0, shifted box 8x10/(12x10)=0.667
        List<DetectedFace> d = List.of(det(2, 0, 12, 10, 0.6f), det(0, 0, 10, 10, 0.9f));
        assertThat(GreedyMatching.match(truth, d, 0.5f)).containsExactly(-1, 0);
        // alone, the shifted one matches
        assertThat(GreedyMatching.match(truth, List.of(d.get(0)), 0.5f)).containsExactly(0);
    }

    @Test
    void eachDetectionTakesItsBestFreeFaceAtOrAboveTheThreshold() {
        List<BoundingBox> truth = List.of(new BoundingBox(0, 0, 10, 10), new BoundingBox(6, 0, 16, 10));
        // overlaps face 0 by 6x10/(14x10)=0.4286 and face 1 by 10x10/(10x10) ... box (5,0,15,10):
        // face 0: inter 5x10=50, union 150 -> 0.333; face 1: inter 9x10=90, union 110 -> 0.818
        List<DetectedFace> d = List.of(det(5, 0, 15, 10, 0.9f), det(0, 0, 10, 10, 0.8f));
        assertThat(GreedyMatching.match(truth, d, 0.5f)).containsExactly(1, 0);
        // threshold exactly at an IoU counts: a box with IoU 0.5 (0..10 vs 0..20 wide strip: 100/200)
        assertThat(GreedyMatching.match(List.of(new BoundingBox(0, 0, 20, 10)), List.of(det(0, 0, 10, 10, 0.5f)), 0.5f)).containsExactly(0);
        assertThat(GreedyMatching.match(List.of(new BoundingBox(0, 0, 20, 10)), List.of(det(0, 0, 10, 10, 0.5f)), 0.51f)).containsExactly(-1);
    }

    @Test
    void noTruthOrNoDetections() {
        assertThat(GreedyMatching.match(List.of(), List.of(det(0, 0, 1, 1, 1f)), 0.3f)).containsExactly(-1);
        assertThat(GreedyMatching.match(List.of(new BoundingBox(0, 0, 1, 1)), List.of(), 0.3f)).isEmpty();
        assertThatThrownBy(() -> GreedyMatching.match(List.of(), List.of(), 0f)).hasMessageContaining("IoU threshold");
    }
}
