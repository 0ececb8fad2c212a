package org.fr.eval;

import java.util.List;

import org.fr.BoundingBox;
import org.fr.DetectedFace;

/**
 * Detection results counted over a set of images, by {@link GreedyMatching} at IoU 0.5 and at IoU 0.3 (annotators
 * draw looser boxes than most detectors, so 0.3 is reported too). A detection is a false positive at a level when
 * it matches no ground-truth face there; "tall" faces are the ground-truth boxes at least {@code tallHeight} pixels
 * high. Add images' counts with {@link #plus}. Immutable and thread-safe.
 *
 * @param images               images counted
 * @param imagesWithDetections images with at least one detection
 * @param faces                ground-truth faces
 * @param detections           detections
 * @param found50              ground-truth faces matched at IoU 0.5
 * @param found30              ground-truth faces matched at IoU 0.3
 * @param falsePositives50     detections unmatched at IoU 0.5
 * @param falsePositives30     detections unmatched at IoU 0.3
 * @param tallFaces            ground-truth faces at least the tall height
 * @param tallFound50          of those, matched at IoU 0.5
 * @param tallFound30          of those, matched at IoU 0.3
 */
public record DetectionCounts(int images, int imagesWithDetections, int faces, int detections, int found50, int found30,
                              int falsePositives50, int falsePositives30, int tallFaces, int tallFound50, int tallFound30) {
    public static final float IOU50 = 0.5f, IOU30 = 0.3f;
    public static final DetectionCounts ZERO = new DetectionCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The counts of one image. */
    public static DetectionCounts of(List<BoundingBox> truth, List<DetectedFace> detections, float tallHeight) {
        int[] m50 = GreedyMatching.match(truth, detections, IOU50);
        int[] m30 = GreedyMatching.match(truth, detections, IOU30);
        boolean[] hit50 = hits(m50, truth.size()), hit30 = hits(m30, truth.size());
        int found50 = 0, found30 = 0, tall = 0, tall50 = 0, tall30 = 0;
        for (int t = 0; t < truth.size(); t++) {
            boolean isTall = truth.get(t).height() >= tallHeight;
            if (isTall) tall++;
            if (hit50[t]) {
                found50++;
                if (isTall) tall50++;
            }
            if (hit30[t]) {
                found30++;
                if (isTall) tall30++;
            }
        }
        int n = detections.size();
        return new DetectionCounts(1, n > 0 ? 1 : 0, truth.size(), n, found50, found30, n - found50, n - found30, tall, tall50, tall30);
    }

    private static boolean[] hits(int[] matchOf, int truths) {
        boolean[] hit = new boolean[truths];
        for (int t : matchOf) if (t >= 0) hit[t] = true;
        return hit;
    }

    public DetectionCounts plus(DetectionCounts o) {
        return new DetectionCounts(images + o.images, imagesWithDetections + o.imagesWithDetections, faces + o.faces,
                detections + o.detections, found50 + o.found50, found30 + o.found30, falsePositives50 + o.falsePositives50,
                falsePositives30 + o.falsePositives30, tallFaces + o.tallFaces, tallFound50 + o.tallFound50, tallFound30 + o.tallFound30);
    }

    /** Share of ground-truth faces found at IoU 0.5; NaN without ground truth. */
    public double recall50() { return ratio(found50, faces); }

    public double recall30() { return ratio(found30, faces); }

    /** Share of detections that match a face at IoU 0.3 (the level false positives are counted at); NaN without detections. */
    public double precision30() { return ratio(detections - falsePositives30, detections); }

    public double precision50() { return ratio(detections - falsePositives50, detections); }

    /** Share of tall ground-truth faces found at IoU 0.5; NaN without tall faces. */
    public double tallRecall50() { return ratio(tallFound50, tallFaces); }

    public double tallRecall30() { return ratio(tallFound30, tallFaces); }

    private static double ratio(int a, int b) { return b == 0 ? Double.NaN : (double) a / b; }
}
