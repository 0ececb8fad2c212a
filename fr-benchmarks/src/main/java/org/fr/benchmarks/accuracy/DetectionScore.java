package org.fr.benchmarks.accuracy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.fr.BoundingBox;

/**
 * Detection counts over a set of images at one IoU threshold: each labelled face is matched greedily to the
 * unmatched prediction overlapping it most (pairs taken in falling IoU order) when their IoU reaches the threshold;
 * predictions left over are false positives, unless they overlap an ignored box (too small or marked invalid) by the
 * same IoU. Minimal matching written for the benchmarks; {@code fr eval-detect} (another issue) is to own the
 * shared one. Immutable.
 */
public record DetectionScore(int faces, int found, int predictions, int falsePositives, int imagesWithFalsePositives) {
    public static final DetectionScore EMPTY = new DetectionScore(0, 0, 0, 0, 0);

    public double recall() { return faces == 0 ? Double.NaN : (double) found / faces; }

    public double precision() { return found + falsePositives == 0 ? Double.NaN : (double) found / (found + falsePositives); }

    public DetectionScore plus(DetectionScore o) {
        return new DetectionScore(faces + o.faces, found + o.found, predictions + o.predictions,
                falsePositives + o.falsePositives, imagesWithFalsePositives + o.imagesWithFalsePositives);
    }

    /** The score of one image. */
    public static DetectionScore of(List<BoundingBox> predicted, LabelledImage truth, double iou) {
        record Candidate(int p, int t, float iou) {}
        List<Candidate> cs = new ArrayList<>();
        for (int p = 0; p < predicted.size(); p++) {
            for (int t = 0; t < truth.faces().size(); t++) {
                float v = predicted.get(p).iou(truth.faces().get(t));
                if (v >= iou) cs.add(new Candidate(p, t, v));
            }
        }
        cs.sort(Comparator.comparingDouble(Candidate::iou).reversed());
        boolean[] pUsed = new boolean[predicted.size()], tUsed = new boolean[truth.faces().size()];
        int found = 0;
        for (Candidate c : cs) {
            if (pUsed[c.p] || tUsed[c.t]) continue;
            pUsed[c.p] = tUsed[c.t] = true;
            found++;
        }
        int fp = 0;
        for (int p = 0; p < predicted.size(); p++) {
            if (pUsed[p]) continue;
            boolean onIgnored = false;
            for (BoundingBox g : truth.ignored()) if (predicted.get(p).iou(g) >= iou) onIgnored = true;
            if (!onIgnored) fp++;
        }
        return new DetectionScore(truth.faces().size(), found, predicted.size(), fp, fp > 0 ? 1 : 0);
    }
}
