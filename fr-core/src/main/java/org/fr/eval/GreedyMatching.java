package org.fr.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.fr.BoundingBox;
import org.fr.DetectedFace;

/**
 * Matches detections to ground-truth boxes the PASCAL VOC way: detections in order of decreasing score each take
 * the still unmatched ground-truth box they overlap most, if that IoU is at least the threshold. A ground-truth box
 * is matched at most once, so a second detection of the same face is a false positive. Stateless.
 */
public final class GreedyMatching {
    private GreedyMatching() {}

    /**
     * For each detection (in the given list's order), the index of the ground-truth box it matched, or -1.
     *
     * @param minIou the least IoU that counts as a match, in (0, 1]
     */
    public static int[] match(List<BoundingBox> truth, List<DetectedFace> detections, float minIou) {
        if (!(minIou > 0 && minIou <= 1)) throw new IllegalArgumentException("IoU threshold must lie in (0, 1]: " + minIou);
        List<Integer> order = new ArrayList<>(detections.size());
        for (int i = 0; i < detections.size(); i++) order.add(i);
        order.sort(Comparator.comparingDouble((Integer i) -> -detections.get(i).score()).thenComparing(i -> i));
        int[] matchOf = new int[detections.size()];
        boolean[] taken = new boolean[truth.size()];
        for (int d : order) {
            BoundingBox box = detections.get(d).box();
            int best = -1;
            float bestIou = minIou;
            for (int t = 0; t < truth.size(); t++) {
                if (taken[t]) continue;
                float iou = box.iou(truth.get(t));
                if (iou >= bestIou && (best < 0 || iou > bestIou)) {
                    best = t;
                    bestIou = iou;
                }
            }
            matchOf[d] = best;
            if (best >= 0) taken[best] = true;
        }
        return matchOf;
    }
}
