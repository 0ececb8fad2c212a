package org.fr.detect.blazeface;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * BlazeFace's overlap removal, a weighted blend rather than plain NMS: the best remaining candidate and every
 * remaining candidate whose box overlaps it by IoU {@code >= iouThreshold} are merged into one detection whose
 * geometry (box and keypoints) is their score-weighted mean and whose score is the best of theirs; repeated until
 * no candidate remains. Stateless and thread-safe.
 */
final class WeightedBlend {
    /** The IoU at which MediaPipe and the Unity package merge detections. */
    static final float IOU_THRESHOLD = 0.3f;

    private WeightedBlend() {}

    /** The blended detections, best score first. */
    static List<Candidate> apply(List<Candidate> candidates, float iouThreshold) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
        boolean[] used = new boolean[sorted.size()];
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (used[i]) continue;
            Candidate best = sorted.get(i);
            used[i] = true;
            double[] acc = new double[BlazeFaceAnchors.VALUES];
            double weight = 0;
            float maxScore = best.score();
            for (int j = i; j < sorted.size(); j++) {
                Candidate c = sorted.get(j);
                if (j != i && (used[j] || best.iou(c) < iouThreshold)) continue;
                used[j] = true;
                float w = c.score();
                for (int k = 0; k < acc.length; k++) acc[k] += c.geometry()[k] * (double) w;
                weight += w;
                maxScore = Math.max(maxScore, c.score());
            }
            float[] g = new float[acc.length];
            if (weight > 0) {
                for (int k = 0; k < g.length; k++) g[k] = (float) (acc[k] / weight);
            } else {
                System.arraycopy(best.geometry(), 0, g, 0, g.length);
            }
            out.add(new Candidate(maxScore, g));
        }
        return out;
    }
}
