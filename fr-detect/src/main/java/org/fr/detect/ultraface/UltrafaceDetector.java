package org.fr.detect.ultraface;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.ModelException;
import org.fr.Resampler;
import org.fr.RgbImage;
import org.fr.detect.NonMaxSuppression;
import org.fr.detect.landmarks.Landmark68;
import org.fr.onnx.ImageTensors;
import org.fr.onnx.OnnxGraphEditor;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.onnx.TensorSpec;

/**
 * The RFB-320 "ultra light" detector {@code faceplugin/fr_detect} at any input size and aspect ratio.
 *
 * <p>The shipped model decodes its boxes inside the graph with priors fixed for a 320x240 input. When it loads,
 * the graph is cut just before that decoding (its raw class logits and box regressions become the outputs and the
 * input's height and width become symbolic), and the priors and decoding (centre offsets times 0.1, log sizes
 * times 0.2, softmax) are done here for whatever size the network runs at. The image is resized to the
 * {@link InputSize} (stretched, as the model was trained), normalised as {@code (v - 127) / 128} in RGB order;
 * scores are thresholded and reduced by NMS. Five landmarks per face come from {@link Landmark68}.
 *
 * <p>Thread-safe; holds onnxruntime sessions, so close it.
 */
public final class UltrafaceDetector implements FaceDetector {
    public static final String NAME = "ultraface";
    public static final String MODEL_ID = "faceplugin/fr_detect";
    static final String LOGITS = "461", REGRESSION = "462";
    private static final float CENTER_VARIANCE = 0.1f, SIZE_VARIANCE = 0.2f;
    private static final float MEAN = 127f, SCALE = 1f / 128f;

    private final OnnxModel model;
    private final Landmark68 landmarks;
    private final InputSize inputSize;
    private final float scoreThreshold;
    private final float nmsThreshold;
    private final Map<Long, UltrafacePriors> priors = new ConcurrentHashMap<>();

    public UltrafaceDetector(String modelId, byte[] modelBytes, Landmark68 landmarks, SessionConfig config,
                             InputSize inputSize, float scoreThreshold, float nmsThreshold) {
        if (!(scoreThreshold > 0 && scoreThreshold < 1)) throw new IllegalArgumentException("threshold must lie in (0, 1): " + scoreThreshold);
        if (!(nmsThreshold > 0 && nmsThreshold <= 1)) throw new IllegalArgumentException("nms must lie in (0, 1]: " + nmsThreshold);
        byte[] cut = OnnxGraphEditor.cutAt(modelId, modelBytes, List.of(LOGITS, REGRESSION),
                Map.of("input", new String[] {null, null, "height", "width"}));
        this.model = OnnxModel.load(modelId, cut, config,
                List.of(TensorSpec.of("input", 1, 3, -1, -1)),
                List.of(TensorSpec.of(LOGITS, 1, -1, 2), TensorSpec.of(REGRESSION, 1, -1, 4)));
        this.landmarks = landmarks;
        this.inputSize = inputSize;
        this.scoreThreshold = scoreThreshold;
        this.nmsThreshold = nmsThreshold;
    }

    @Override
    public String name() { return NAME; }

    public InputSize inputSize() { return inputSize; }

    /** Boxes and scores only, without landmarks. */
    public List<DetectedFace> detectBoxes(RgbImage image) {
        int[] size = inputSize.forImage(image.width(), image.height());
        Raw raw = run(image, size[0], size[1]);
        List<DetectedFace> found = new ArrayList<>();
        float w = image.width(), h = image.height();
        // softmax(l0, l1)[1] >= t exactly when l1 - l0 >= logit(t): most priors are rejected without an exp
        double minMargin = Math.log(scoreThreshold / (1.0 - scoreThreshold)) - 1e-6;
        for (int i = 0; i < raw.priors.count; i++) {
            if (raw.margin(i) < minMargin) continue;
            float s = raw.score(i);
            if (s < scoreThreshold) continue;
            float[] b = raw.box(i);
            float x1 = clamp(b[0] * w, w), y1 = clamp(b[1] * h, h), x2 = clamp(b[2] * w, w), y2 = clamp(b[3] * h, h);
            if (x2 - x1 < 1 || y2 - y1 < 1) continue;
            found.add(new DetectedFace(new BoundingBox(x1, y1, x2, y2), s, null));
        }
        return NonMaxSuppression.apply(found, nmsThreshold);
    }

    /** The network's raw outputs for one image at one input size, with their priors. */
    Raw run(RgbImage image, int width, int height) {
        UltrafacePriors p = priors.computeIfAbsent(((long) width << 32) | height, k -> new UltrafacePriors(width, height));
        List<String> outputs = List.of(LOGITS, REGRESSION);
        var out = image.width() == 2 * width && image.height() == 2 * height
                // 640x480 -> 320x240: shrunk and normalised in one pass, straight into onnxruntime's input buffer
                ? model.run("input", new long[] {1, 3, height, width},
                        into -> ImageTensors.writeNchwHalved(image, MEAN, SCALE, into), outputs)
                : model.run(List.of(ImageTensors.nchw("input", Resampler.resize(image, width, height), MEAN, SCALE)), outputs);
        Raw raw = new Raw(p, out.get(LOGITS).data(), out.get(REGRESSION).data());
        if (raw.logits.length != 2 * p.count) {
            throw new ModelException("model " + model.modelId() + " gave " + raw.logits.length / 2 + " boxes at input "
                    + width + "x" + height + ", but " + p.count + " priors were expected");
        }
        return raw;
    }

    /** Raw logits and regressions, decoded on demand. */
    static final class Raw {
        final UltrafacePriors priors;
        final float[] logits, regression;

        Raw(UltrafacePriors priors, float[] logits, float[] regression) {
            this.priors = priors;
            this.logits = logits;
            this.regression = regression;
        }

        /** Logit of "face" minus logit of "background" for prior i. */
        double margin(int i) {
            return (double) logits[2 * i + 1] - logits[2 * i];
        }

        /** Softmax probability of "face" for prior i. */
        float score(int i) {
            return (float) (1.0 / (1.0 + Math.exp(logits[2 * i] - logits[2 * i + 1])));
        }

        /** Normalised corners x1, y1, x2, y2 of box i. */
        float[] box(int i) {
            float cx = priors.cx(i) + regression[4 * i] * CENTER_VARIANCE * priors.w(i);
            float cy = priors.cy(i) + regression[4 * i + 1] * CENTER_VARIANCE * priors.h(i);
            float bw = priors.w(i) * (float) Math.exp(regression[4 * i + 2] * SIZE_VARIANCE);
            float bh = priors.h(i) * (float) Math.exp(regression[4 * i + 3] * SIZE_VARIANCE);
            return new float[] {cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2};
        }
    }

    @Override
    public List<DetectedFace> detect(RgbImage image) {
        List<DetectedFace> faces = detectBoxes(image);
        List<DetectedFace> out = new ArrayList<>(faces.size());
        for (DetectedFace f : faces) out.add(f.withLandmarks(landmarks.predictFive(image, f.box())));
        return out;
    }

    private static float clamp(float v, float max) {
        return Math.max(0f, Math.min(max, v));
    }

    @Override
    public void close() {
        model.close();
        landmarks.close();
    }
}
