package org.fr.detect.mtcnn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression of {@link Candidate}s: best score first, a candidate is dropped when its overlap
 * with a kept one exceeds the threshold. Overlap is intersection over union, or, in {@link Overlap#MIN} mode (O-Net's
 * last step), intersection over the smaller area, which also removes a small box nested in a larger one.
 * Stateless and thread-safe.
 */
final class CandidateNms {
    enum Overlap { UNION, MIN }

    private CandidateNms() {}

    static List<Candidate> apply(List<Candidate> candidates, float threshold, Overlap mode) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> kept = new ArrayList<>();
        outer:
        for (Candidate c : sorted) {
            for (Candidate k : kept) {
                if (overlap(k, c, mode) > threshold) continue outer;
            }
            kept.add(c);
        }
        return kept;
    }

    static float overlap(Candidate a, Candidate b, Overlap mode) {
        float iw = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        float ih = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        if (iw <= 0 || ih <= 0) return 0f;
        float inter = iw * ih;
        float denominator = mode == Overlap.UNION ? a.area() + b.area() - inter : Math.min(a.area(), b.area());
        return denominator <= 0 ? 0f : inter / denominator;
    }
}
