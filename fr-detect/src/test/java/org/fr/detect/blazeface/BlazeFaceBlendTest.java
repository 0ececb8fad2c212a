package org.fr.detect.blazeface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.fr.Landmarks;
import org.fr.Point;
import org.junit.jupiter.api.Test;

class BlazeFaceBlendTest {

    private static Candidate box(float score, float cx, float cy, float w, float h, float kp) {
        float[] g = new float[16];
        g[0] = cx; g[1] = cy; g[2] = w; g[3] = h;
        for (int i = 4; i < 16; i++) g[i] = kp;
        return new Candidate(score, g);
    }

    @Test
    void overlappingCandidatesAreAveragedByScoreKeepingTheMaxScore() {
        Candidate a = box(0.9f, 0.50f, 0.50f, 0.20f, 0.20f, 0.4f);
        Candidate b = box(0.6f, 0.52f, 0.50f, 0.20f, 0.20f, 0.7f); // IoU with a = 0.18*0.2/(0.08-0.036) ~ 0.82
        Candidate far = box(0.8f, 0.10f, 0.10f, 0.10f, 0.10f, 0.1f);
        List<Candidate> out = WeightedBlend.apply(List.of(b, far, a), WeightedBlend.IOU_THRESHOLD);
        assertThat(out).hasSize(2);
        Candidate first = out.get(0), second = out.get(1);
        assertThat(first.score()).isEqualTo(0.9f);
        assertThat(first.geometry()[0]).isCloseTo((0.9f * 0.50f + 0.6f * 0.52f) / 1.5f, within(1e-6f));
        assertThat(first.geometry()[4]).isCloseTo((0.9f * 0.4f + 0.6f * 0.7f) / 1.5f, within(1e-6f));
        assertThat(first.geometry()[15]).isCloseTo((0.9f * 0.4f + 0.6f * 0.7f) / 1.5f, within(1e-6f));
        assertThat(second.score()).isEqualTo(0.8f);
        assertThat(second.geometry()).containsExactly(far.geometry());
    }

    @Test
    void overlapBelowThresholdKeepsBoth() {
        Candidate a = box(0.9f, 0.30f, 0.5f, 0.2f, 0.2f, 0f);
        Candidate b = box(0.85f, 0.45f, 0.5f, 0.2f, 0.2f, 0f); // IoU = 0.05/0.35 ~ 0.14
        assertThat(a.iou(b)).isCloseTo(0.05f * 0.2f / (0.08f - 0.01f), within(1e-5f));
        List<Candidate> out = WeightedBlend.apply(List.of(a, b), WeightedBlend.IOU_THRESHOLD);
        assertThat(out).extracting(Candidate::score).containsExactly(0.9f, 0.85f);
    }

    @Test
    void mouthCornersLieOnTheEyeAxisAroundTheMouthCentre() {
        assertThat(BlazeFaceDetector.MOUTH_HALF_WIDTH).isCloseTo(0.41406f, within(1e-4f));
        // tilted face: eyes 40 px apart along (4, 3)/5
        List<Point> kp = List.of(new Point(100, 100), new Point(132, 124), new Point(110, 130),
                new Point(100, 150), new Point(70, 120), new Point(160, 160));
        Landmarks l = BlazeFaceDetector.toLandmarks(kp);
        float k = BlazeFaceDetector.MOUTH_HALF_WIDTH;
        assertThat(l.get(Landmarks.LEFT_EYE)).isEqualTo(new Point(100, 100));
        assertThat(l.get(Landmarks.RIGHT_EYE)).isEqualTo(new Point(132, 124));
        assertThat(l.get(Landmarks.NOSE)).isEqualTo(new Point(110, 130));
        assertThat(l.get(Landmarks.LEFT_MOUTH).x()).isCloseTo(100 - k * 32, within(1e-4f));
        assertThat(l.get(Landmarks.LEFT_MOUTH).y()).isCloseTo(150 - k * 24, within(1e-4f));
        assertThat(l.get(Landmarks.RIGHT_MOUTH).x()).isCloseTo(100 + k * 32, within(1e-4f));
        assertThat(l.get(Landmarks.RIGHT_MOUTH).y()).isCloseTo(150 + k * 24, within(1e-4f));
        // mouth width / eye distance is the ArcFace template's ratio
        double ratio = l.get(Landmarks.LEFT_MOUTH).distanceTo(l.get(Landmarks.RIGHT_MOUTH)) / l.interocularDistance();
        assertThat(ratio).isCloseTo((70.7299 - 41.5493) / (73.5318 - 38.2946), within(1e-4));
    }
}
