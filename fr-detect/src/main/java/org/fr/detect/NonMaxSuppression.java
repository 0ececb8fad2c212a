package org.fr.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.fr.BoundingBox;
import org.fr.DetectedFace;

/** Greedy non-maximum suppression by intersection over union. Stateless and thread-safe. */
public final class NonMaxSuppression {
    private NonMaxSuppression() {}

    /** Keeps the best-scoring faces, dropping any whose IoU with a kept face exceeds {@code iouThreshold}. */
    public static List<DetectedFace> apply(List<DetectedFace> faces, float iouThreshold) {
        return apply(faces, iouThreshold, Float.POSITIVE_INFINITY);
    }

    /**
     * As {@link #apply(List, float)}, and also drops a face whose intersection with a kept face exceeds
     * {@code containedShare} of the smaller box's area (a box mostly inside a stronger one; infinity: never).
     */
    public static List<DetectedFace> apply(List<DetectedFace> faces, float iouThreshold, float containedShare) {
        List<DetectedFace> sorted = new ArrayList<>(faces);
        sorted.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        outer:
        for (DetectedFace f : sorted) {
            for (DetectedFace k : kept) {
                BoundingBox a = k.box(), b = f.box();
                if (a.iou(b) > iouThreshold) continue outer;
                float iw = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
                float ih = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
                if (iw > 0 && ih > 0 && iw * ih > containedShare * Math.min(a.area(), b.area())) continue outer;
            }
            kept.add(f);
        }
        return kept;
    }
}
