package org.fr.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.fr.DetectedFace;

/** Greedy non-maximum suppression by intersection over union. Stateless and thread-safe. */
public final class NonMaxSuppression {
    private NonMaxSuppression() {}

    /** Keeps the best-scoring faces, dropping any whose IoU with a kept face exceeds {@code iouThreshold}. */
    public static List<DetectedFace> apply(List<DetectedFace> faces, float iouThreshold) {
        List<DetectedFace> sorted = new ArrayList<>(faces);
        sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        outer:
        for (DetectedFace f : sorted) {
            for (DetectedFace k : kept) {
                if (k.box().iou(f.box()) > iouThreshold) continue outer;
            }
            kept.add(f);
        }
        return kept;
    }
}
