package org.fr.video.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.junit.jupiter.api.Test;

class IouTrackerTest {
    private static DetectedFace face(float x, float y, float size) {
        return new DetectedFace(new BoundingBox(x, y, x + size, y + size), 0.9f, null);
    }

    @Test
    void followsMovingFacesWithStableIdsAndNewIdsForNewFaces() {
        IouTracker t = new IouTracker(0.3f, 2, 5);
        var a0 = t.update(0, List.of(face(10, 10, 50), face(200, 10, 50)));
        assertThat(a0).extracting(IouTracker.Assignment::newTrack).containsExactly(true, true);
        int left = a0.get(0).track().id(), right = a0.get(1).track().id();
        assertThat(left).isNotEqualTo(right);
        // Detections come in another order, moved a little; a third face appears.
        var a1 = t.update(1, List.of(face(205, 12, 50), face(400, 10, 50), face(14, 11, 50)));
        assertThat(a1.get(0).track().id()).isEqualTo(right);
        assertThat(a1.get(2).track().id()).isEqualTo(left);
        assertThat(a1.get(1).newTrack()).isTrue();
        assertThat(a1.get(1).track().id()).isNotIn(left, right);
    }

    @Test
    void theVelocityEstimateCarriesAFastFaceAcrossAGap() {
        IouTracker t = new IouTracker(0.3f, 2, 5);
        int id = t.update(0, List.of(face(0, 100, 40))).get(0).track().id();
        for (int f = 1; f <= 4; f++) assertThat(t.update(f, List.of(face(f * 20, 100, 40))).get(0).track().id()).isEqualTo(id);
        // Two frames missed: without extrapolation the box at x=120 would not overlap the last one at x=80.
        t.update(5, List.of());
        assertThat(t.visible()).isEmpty();
        var back = t.update(6, List.of(face(120, 100, 40)));
        assertThat(back.get(0).newTrack()).isFalse();
        assertThat(back.get(0).track().id()).isEqualTo(id);
    }

    @Test
    void aTrackExpiresAfterMaxMissesPlusOneRounds() {
        IouTracker t = new IouTracker(0.3f, 1, 5);
        int id = t.update(0, List.of(face(10, 10, 50))).get(0).track().id();
        t.update(1, List.of());
        assertThat(t.tracks()).hasSize(1);
        t.update(2, List.of());
        assertThat(t.tracks()).isEmpty();
        var again = t.update(3, List.of(face(10, 10, 50)));
        assertThat(again.get(0).newTrack()).isTrue();
        assertThat(again.get(0).track().id()).isGreaterThan(id);
    }
}
