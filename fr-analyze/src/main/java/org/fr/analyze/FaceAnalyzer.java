package org.fr.analyze;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.fr.BoundingBox;
import org.fr.ComponentOptions;
import org.fr.Components;
import org.fr.DetectedFace;
import org.fr.FaceAligner;
import org.fr.FaceEmbedder;
import org.fr.Resampler;
import org.fr.RgbImage;
import org.fr.models.ModelSelection;
import org.fr.models.ModelSource;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.onnx.TensorSpec;
import org.fr.tflite.ImportOptions;
import org.fr.tflite.TfliteImporter;

/**
 * Estimates attributes of a detected face: apparent age, gender, facial expression, head pose and a liveness
 * score, each with the network of the {@code faceplugin-face-recognition-js} package and the crop,
 * preprocessing and decoding that package's JavaScript uses. Build one with {@link #builder()}, choosing the
 * {@link Analysis analyses} to run; only their networks are loaded.
 *
 * <p>Age, gender and liveness start from the detector's box made square (side = its height, as the package's own
 * detector post-processing does), pose and expression from the box itself (a measured choice, see {@code Box}),
 * truncated to integer pixels ({@code x1, y1, x2, y2}, width
 * {@code w = |x2 - x1|}, height {@code h = |y2 - y1|}). Age, gender and liveness share one crop:
 * <ul>
 *   <li><b>scaled crop</b> with factor {@code s}: a box of the same centre, {@code k = min((H-1)/h, (W-1)/w, s)}
 *       times as large, shifted back inside the image where it sticks out (left/top first, then right/bottom);
 *       its corners are truncated to integers and its size limited to {@code W-1} by {@code H-1}.</li>
 * </ul>
 *
 * <p>Per network:
 * <ul>
 *   <li><b>Age</b> ({@code faceplugin/fr_age}): scaled crop, {@code s = 1.4}, resized to 64x64; RGB, ImageNet
 *       normalisation {@code (v/255 - mean) / std} with mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225);
 *       NCHW input {@code input}. Decoded as SSR-Net: with stage probabilities {@code p_k[i]}, offsets
 *       {@code o_k[i]} and deltas {@code d_k} ({@code k = 1..3}, {@code i = 0..2}, s = 3 bins per stage,
 *       lambda_local = lambda_d = 1), {@code a = sum_i (i + o_1[i]) p_1[i] / (3 (1 + d_1))},
 *       {@code b = sum_i (i + o_2[i]) p_2[i] / (3 (1 + d_1)) / (3 (1 + d_2))},
 *       {@code c = sum_i (i + o_3[i]) p_3[i] / (3 (1 + d_1)) / (3 (1 + d_2)) / (3 (1 + d_3))};
 *       age = {@code (a + b + c) * 101} years.</li>
 *   <li><b>Gender</b>, by default ({@code gender-method=probe}): the face is aligned with its five landmarks (the
 *       detection must carry them; without them the call fails with a message naming {@code gender-method=ssr}),
 *       embedded by the {@code arcface} embedder ({@code gender-embedder}) and read by a linear {@link GenderProbe}
 *       ({@code gender-probe}: an own probe file; default the bundled one, trained by {@code fr train-gender-probe}
 *       on LFW people disjoint from the evaluation list, embedding the same way: the aligned face, no mirror). With
 *       {@code gender-method=ssr}: {@code faceplugin/fr_gender}, the same crop, preprocessing and SSR-Net decoding as
 *       age with {@code V = 1} instead of 101 (no landmarks needed, no embedding; less accurate). Either
 *       way the male probability {@code >= 0.5} is "male" and the score reported is the confidence of the label
 *       given. Measured on 120 hand-labelled LFW faces (grayscale, the face nearest the photo's centre): SSR-Net
 *       0.825 (99/120), probe 1.000 (120/120) (see docs/gender.md).</li>
 *   <li><b>Expression</b> ({@code faceplugin/fr_expression}): the crop starts at the box's top-left corner
 *       {@code (x1, y1)} and is {@code 1.2 w} by {@code 1.2 h} (not centred, as in the JavaScript), clipped to the
 *       image, resized to 224x224; RGB scaled to [0, 1] ({@code v/255}, no mean); softmax over the 7 outputs.
 *       The JavaScript returns only the arg-max index; the labels, {@link #EXPRESSION_LABELS}, follow the
 *       FER2013 class order (angry, disgust, fear, happy, sad, surprise, neutral), which the package does not
 *       state.</li>
 *   <li><b>Pose</b> ({@code faceplugin/fr_pose}): the box grown by a quarter of its width and height on every
 *       side ({@code x1 - w/4 .. x2 + w/4}, {@code y1 - h/4 .. y2 + h/4}), clipped, resized to 224x224. The
 *       JavaScript then applies OpenCV's {@code BGR2RGB} to the canvas's RGBA pixels, which swaps red and blue;
 *       this class does the same, so the input channels are (B, G, R), each normalised with the ImageNet
 *       mean/std of its position (0.485/0.229 for the first, 0.456/0.224, 0.406/0.225). Decoding (Hopenet):
 *       softmax over each of the 66 bins of {@code output} (yaw), {@code 617} (pitch) and {@code 618} (roll);
 *       angle = {@code 3 * sum_i i * p[i] - 99} degrees; yaw then has {@link #YAW_OFFSET} subtracted (the
 *       network's yaw for a frontal face, measured by mirror symmetry).</li>
 *   <li><b>Liveness</b> ({@code faceplugin/fr_liveness}): scaled crop with {@code s = 2.7} (the face with much
 *       of its surroundings), resized to 128x128; raw RGB values 0..255, no normalisation; the score is the
 *       softmax probability of output index 0, the value the JavaScript returns as its liveness result.
 *       <b>The liveness score is NOT a certified presentation-attack detector</b> (no ISO/IEC 30107-3 or iBeta
 *       testing was done here): it is a heuristic signal, easily wrong on printed photos, screens, masks and
 *       unusual lighting, and must not be the only safeguard of an access decision. With
 *       {@code liveness-method=antispoofing}, expo's FaceAntiSpoofing (TensorFlow Lite, imported by
 *       {@code fr-tflite}) runs instead, see {@code antiSpoofingScore}; the liveness reported is then
 *       {@code 1 - min(1, score)} (the app's "live" = score below 0.2 = liveness above 0.8). The same caveat
 *       applies.</li>
 * </ul>
 *
 * <p>Resizing uses {@link Resampler#resize} (bilinear, block averaging for large reductions) where the
 * JavaScript uses OpenCV's bilinear {@code cv.resize}; values may differ slightly for large shrink factors.
 *
 * <p>Options ({@link Builder#options}): {@code gpu}, {@code threads} as for other components, and
 * {@code age-model}, {@code gender-model}, {@code expression-model}, {@code pose-model}, {@code liveness-model}
 * to run an own ONNX file of the same signature instead of the bundled one.
 *
 * <p>Thread-safe: one analyzer serves many threads. Holds onnxruntime sessions: close it.
 */
public final class FaceAnalyzer implements AutoCloseable {
    /** Bundled model ids by analysis. */
    public static final Map<Analysis, String> MODEL_IDS = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            Analysis.AGE, "faceplugin/fr_age",
            Analysis.GENDER, "faceplugin/fr_gender",
            Analysis.EXPRESSION, "faceplugin/fr_expression",
            Analysis.POSE, "faceplugin/fr_pose",
            Analysis.LIVENESS, "faceplugin/fr_liveness")));

    /** The bundled FaceAntiSpoofing model ({@code liveness-method=antispoofing}). */
    public static final String ANTISPOOFING_MODEL_ID = "expo/antispoofing";

    /** Expression labels in the order of the expression network's outputs (FER2013 order). */
    public static final List<String> EXPRESSION_LABELS =
            List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");

    static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    private static final int[] RGB = {0, 1, 2};
    private static final int[] BGR = {2, 1, 0};

    private static final List<String> SSR_OUTPUTS = List.of("prob_stage_1", "prob_stage_2", "prob_stage_3",
            "stage1_delta_k", "stage2_delta_k", "stage3_delta_k",
            "index_offset_stage1", "index_offset_stage2", "index_offset_stage3");
    private static final List<String> POSE_OUTPUTS = List.of("output", "617", "618");

    /**
     * The pose network's yaw for a face looking straight at the camera, in degrees, subtracted from every yaw.
     * Measured by mirror symmetry, which needs no labels: the yaw of a face and of its mirror image must sum to
     * zero, and on 300 LFW faces (the first photo of people 201 to 500 in name order, disjoint from the mirror test's
     * 200) the mean of {@code (yaw + mirroredYaw) / 2} was -1.17 degrees.
     */
    public static final float YAW_OFFSET = -1.17f;

    /**
     * {@code liveness-method} values: the faceplugin network (default) or expo's FaceAntiSpoofing (TensorFlow Lite,
     * run through {@code fr-tflite}).
     */
    public static final String LIVENESS_FACEPLUGIN = "faceplugin", LIVENESS_ANTISPOOFING = "antispoofing";

    /** {@code gender-method} values: the embedding probe (default) or the SSR-Net network. */
    public static final String GENDER_PROBE = "probe", GENDER_SSR = "ssr";

    private final Map<Analysis, OnnxModel> models;
    /** Gender by {@link GenderProbe} on this embedder's vectors; both null when gender uses SSR-Net or is off. */
    private final FaceEmbedder genderEmbedder;
    private final GenderProbe genderProbe;
    /** Liveness by FaceAntiSpoofing rather than the faceplugin network. */
    private final boolean antiSpoofing;

    private FaceAnalyzer(Map<Analysis, OnnxModel> models, FaceEmbedder genderEmbedder, GenderProbe genderProbe,
                         boolean antiSpoofing) {
        this.models = models;
        this.antiSpoofing = antiSpoofing;
        this.genderEmbedder = genderEmbedder;
        this.genderProbe = genderProbe;
    }

    public static Builder builder() { return new Builder(); }

    /** The analyses this analyzer runs. */
    public Set<Analysis> analyses() {
        EnumSet<Analysis> out = EnumSet.noneOf(Analysis.class);
        out.addAll(models.keySet());
        if (genderProbe != null) out.add(Analysis.GENDER);
        return out;
    }

    /**
     * Analyses one face of an image.
     *
     * @param image the whole image the face was detected in
     * @param face  the detection (only its box is used)
     * @return the attributes; those of analyses not selected are {@code null}
     */
    public FaceAttributes analyze(RgbImage image, DetectedFace face) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(face, "face");
        Box b = Box.of(face.box(), image.width(), image.height(), true);
        Box raw = Box.of(face.box(), image.width(), image.height(), false);
        Float age = null, genderScore = null, liveness = null;
        String gender = null, expression = null;
        Map<String, Float> probs = null;
        HeadPose pose = null;

        OnnxModel m = models.get(Analysis.AGE);
        if (m != null) age = (float) ssr(m, scaledCrop(image, b, 1.4, 64), 101);
        m = models.get(Analysis.GENDER);
        if (m != null || genderProbe != null) {
            double male = m != null ? ssr(m, scaledCrop(image, b, 1.4, 64), 1) : probeMale(image, face);
            boolean isMale = male >= 0.5;
            gender = isMale ? "male" : "female";
            genderScore = (float) Math.max(0, Math.min(1, isMale ? male : 1 - male));
        }
        m = models.get(Analysis.EXPRESSION);
        if (m != null) {
            RgbImage crop = Resampler.resize(Resampler.crop(image, raw.x1, raw.y1,
                    Math.min((int) (raw.w * 1.2), image.width() - 1), Math.min((int) (raw.h * 1.2), image.height() - 1)), 224, 224);
            float[] logits = m.run(tensor(crop, RGB, 1f / 255, new float[3], new float[] {1, 1, 1}), "output").data();
            double[] p = softmax(logits);
            probs = new LinkedHashMap<>();
            int best = 0;
            for (int i = 0; i < p.length; i++) {
                probs.put(EXPRESSION_LABELS.get(i), (float) p[i]);
                if (p[i] > p[best]) best = i;
            }
            expression = EXPRESSION_LABELS.get(best);
        }
        m = models.get(Analysis.POSE);
        if (m != null) {
            int x11 = (int) (raw.x1 - raw.w / 4.0), y11 = (int) (raw.y1 - raw.h / 4.0);
            int x22 = (int) (raw.x2 + raw.w / 4.0), y22 = (int) (raw.y2 + raw.h / 4.0);
            RgbImage crop = Resampler.resize(Resampler.crop(image, Math.max(x11, 0), Math.max(y11, 0),
                    Math.min(x22 - x11, image.width()), Math.min(y22 - y11, image.height())), 224, 224);
            Map<String, Tensor> out = m.run(List.of(tensor(crop, BGR, 1f / 255, IMAGENET_MEAN, IMAGENET_STD)), POSE_OUTPUTS);
            pose = new HeadPose(binAngle(out.get("output").data()) - YAW_OFFSET, binAngle(out.get("617").data()),
                    binAngle(out.get("618").data()));
        }
        m = models.get(Analysis.LIVENESS);
        if (m != null && antiSpoofing) {
            liveness = (float) (1 - Math.min(1, antiSpoofingScore(m, image, b)));
        } else if (m != null) {
            RgbImage crop = scaledCrop(image, b, 2.7, 128);
            float[] logits = m.run(tensor(crop, RGB, 1f, new float[3], new float[] {1, 1, 1}), "output").data();
            liveness = (float) softmax(logits)[0];
        }
        return new FaceAttributes(age, gender, genderScore, expression, probs, pose, liveness);
    }

    /**
     * The box the package's networks were fed: its detector's post-processing ({@code scaleResult} in
     * {@code fr_detect.js}) turns every box into a square of side = box height around the box centre, clipped to
     * the image ({@code [0, W-1] x [0, H-1]}); then truncated to integers, as the JavaScript's {@code parseInt}.
     * Measured choice per network: the square box raised gender accuracy on 120 hand-labelled LFW faces from 0.71
     * to 0.76, so age, gender and liveness use it; it lowered the pose mirror test from 90% to 71%, so pose and
     * expression use the detector's own box ({@code square = false}).
     */
    record Box(int x1, int y1, int x2, int y2, int w, int h) {
        static Box of(BoundingBox bb, int imageWidth, int imageHeight, boolean square) {
            float side = square ? bb.height() : 0, cx = (bb.x1() + bb.x2()) / 2f, cy = (bb.y1() + bb.y2()) / 2f;
            if (!square) {
                int x1 = (int) bb.x1(), y1 = (int) bb.y1(), x2 = (int) bb.x2(), y2 = (int) bb.y2();
                return new Box(x1, y1, x2, y2, Math.max(1, Math.abs(x2 - x1)), Math.max(1, Math.abs(y2 - y1)));
            }
            float sx1 = Math.max(0f, cx - side / 2), sy1 = Math.max(0f, cy - side / 2);
            float sx2 = Math.min(imageWidth - 1f, cx + side / 2), sy2 = Math.min(imageHeight - 1f, cy + side / 2);
            int x1 = (int) sx1, y1 = (int) sy1, x2 = (int) sx2, y2 = (int) sy2;
            return new Box(x1, y1, x2, y2, Math.max(1, Math.abs(x2 - x1)), Math.max(1, Math.abs(y2 - y1)));
        }
    }

    /** The JavaScript's {@code align*Image}: a centred box {@code scale} times as large, shifted inside, resized. */
    static RgbImage scaledCrop(RgbImage img, Box b, double scaleValue, int size) {
        int srcW = img.width(), srcH = img.height();
        double boxW = b.w, boxH = b.h;
        double scale = Math.min((srcH - 1) / boxH, Math.min((srcW - 1) / boxW, scaleValue));
        double newW = boxW * scale, newH = boxH * scale;
        double cx = boxW / 2 + b.x1, cy = boxH / 2 + b.y1;
        double ltx = cx - newW / 2, lty = cy - newH / 2, rbx = cx + newW / 2, rby = cy + newH / 2;
        if (ltx < 0) { rbx -= ltx; ltx = 0; }
        if (lty < 0) { rby -= lty; lty = 0; }
        if (rbx > srcW - 1) { ltx -= rbx - srcW + 1; rbx = srcW - 1; }
        if (rby > srcH - 1) { lty -= rby - srcH + 1; rby = srcH - 1; }
        int x = Math.max((int) ltx, 0), y = Math.max((int) lty, 0);
        int w = Math.min((int) (rbx - ltx), srcW - 1), h = Math.min((int) (rby - lty), srcH - 1);
        return Resampler.resize(Resampler.crop(img, x, y, Math.max(w, 1), Math.max(h, 1)), size, size);
    }

    /**
     * A 1x3xHxW tensor named {@code input}: tensor channel {@code c} holds source channel {@code order[c]},
     * as {@code (v * scale - mean[c]) / std[c]}.
     */
    static Tensor tensor(RgbImage img, int[] order, float scale, float[] mean, float[] std) {
        int w = img.width(), h = img.height(), plane = w * h;
        float[] data = new float[3 * plane];
        byte[] p = img.pixels();
        for (int c = 0; c < 3; c++) {
            int src = order[c], base = c * plane;
            float m = mean[c], inv = 1f / std[c];
            for (int i = 0; i < plane; i++) data[base + i] = ((p[i * 3 + src] & 0xFF) * scale - m) * inv;
        }
        return new Tensor("input", new long[] {1, 3, h, w}, data);
    }

    private static double ssr(OnnxModel model, RgbImage crop, double v) {
        Map<String, Tensor> out = model.run(List.of(tensor(crop, RGB, 1f / 255, IMAGENET_MEAN, IMAGENET_STD)), SSR_OUTPUTS);
        float[] x = new float[21];
        int k = 0;
        for (String name : SSR_OUTPUTS) for (float f : out.get(name).data()) x[k++] = f;
        return ssrMerge(x, v);
    }

    /**
     * SSR-Net's soft stagewise regression as the JavaScript's {@code mergeAge}/{@code mergeGender}: {@code x} is
     * the 21 outputs in the order prob_stage_1..3 (3 each), stage1..3_delta_k (1 each), index_offset_stage1..3
     * (3 each); 3 bins per stage, lambda_local = lambda_d = 1, result times {@code v}.
     */
    static double ssrMerge(float[] x, double v) {
        int s1 = 3, s2 = 3, s3 = 3;
        double a = 0, b = 0, c = 0;
        for (int i = 0; i < s1; i++) a += (i + x[12 + i]) * x[i];
        a = a / (s1 * (1 + x[9]));
        for (int i = 0; i < s2; i++) b += (i + x[15 + i]) * x[3 + i];
        b = b / (s1 * (1 + x[9])) / (s2 * (1 + x[10]));
        for (int i = 0; i < s3; i++) c += (i + x[18 + i]) * x[6 + i];
        c = c / (s1 * (1 + x[9])) / (s2 * (1 + x[10])) / (s3 * (1 + x[11]));
        return (a + b + c) * v;
    }

    /** Hopenet decoding: the expectation of the softmax over 66 bins of 3 degrees, starting at -99. */
    static float binAngle(float[] logits) {
        double[] p = softmax(logits);
        double e = 0;
        for (int i = 0; i < p.length; i++) e += i * p[i];
        return (float) (e * 3 - 99);
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float f : logits) max = Math.max(max, f);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    /**
     * FaceAntiSpoofing as expo's {@code FaceAntiSpoofing.kt}: the square face box (side = box height, clipped),
     * resized to 256x256, RGB scaled to [0, 1], NHWC; the score is {@code sum_i |Identity[i]| * Identity_1[i]} (class
     * scores of the tree leaf the mask selects), where the app calls a face a spoof above 0.2.
     */
    static double antiSpoofingScore(OnnxModel model, RgbImage image, Box b) {
        RgbImage crop = Resampler.resize(Resampler.crop(image, b.x1, b.y1, b.w, b.h), 256, 256);
        byte[] p = crop.pixels();
        float[] data = new float[p.length];
        for (int i = 0; i < p.length; i++) data[i] = (p[i] & 0xFF) / 255f;
        Map<String, Tensor> out = model.run(List.of(new Tensor("input", new long[] {1, 256, 256, 3}, data)),
                List.of("Identity", "Identity_1"));
        float[] cls = out.get("Identity").data(), mask = out.get("Identity_1").data();
        double score = 0;
        for (int i = 0; i < cls.length; i++) score += Math.abs(cls[i]) * mask[i];
        return score;
    }

    private double probeMale(RgbImage image, DetectedFace face) {
        if (face.landmarks() == null) {
            throw new IllegalArgumentException("gender by embedding probe needs the face's landmarks; this detection has "
                    + "none (use a detector that gives them, or the option gender-method=ssr)");
        }
        return genderProbe.maleProbability(genderEmbedder.embed(FaceAligner.align(image, face.landmarks())));
    }

    /** Releases every network; later calls do nothing. */
    @Override
    public void close() {
        models.values().forEach(OnnxModel::close);
        if (genderEmbedder != null) genderEmbedder.close();
    }

    /** Chooses the analyses and options of a {@link FaceAnalyzer}. Not thread-safe. */
    public static final class Builder {
        private final EnumSet<Analysis> analyses = EnumSet.noneOf(Analysis.class);
        private ComponentOptions options = ComponentOptions.empty();

        private Builder() {}

        /** Adds analyses to run. */
        public Builder with(Analysis... more) {
            for (Analysis a : more) analyses.add(Objects.requireNonNull(a));
            return this;
        }

        /** Runs every analysis. */
        public Builder all() {
            analyses.addAll(EnumSet.allOf(Analysis.class));
            return this;
        }

        /** {@code gpu}, {@code threads} and {@code <analysis>-model} (an own ONNX file), see the class comment. */
        public Builder options(ComponentOptions options) {
            this.options = Objects.requireNonNull(options);
            return this;
        }

        /**
         * Loads the chosen networks (checking their signatures).
         *
         * @throws IllegalStateException if no analysis was chosen
         */
        public FaceAnalyzer build() {
            if (analyses.isEmpty()) throw new IllegalStateException("choose at least one analysis, e.g. with(Analysis.AGE)");
            SessionConfig config = SessionConfig.from(options);
            String genderMethod = options.get("gender-method").orElse(GENDER_PROBE);
            if (!genderMethod.equals(GENDER_PROBE) && !genderMethod.equals(GENDER_SSR)) {
                throw new IllegalArgumentException("gender-method must be " + GENDER_PROBE + " or " + GENDER_SSR + ", not " + genderMethod);
            }
            boolean probe = analyses.contains(Analysis.GENDER) && genderMethod.equals(GENDER_PROBE);
            String livenessMethod = options.get("liveness-method").orElse(LIVENESS_FACEPLUGIN);
            if (!livenessMethod.equals(LIVENESS_FACEPLUGIN) && !livenessMethod.equals(LIVENESS_ANTISPOOFING)) {
                throw new IllegalArgumentException("liveness-method must be " + LIVENESS_FACEPLUGIN + " or "
                        + LIVENESS_ANTISPOOFING + ", not " + livenessMethod);
            }
            antiSpoofing = livenessMethod.equals(LIVENESS_ANTISPOOFING);
            Map<Analysis, OnnxModel> models = new EnumMap<>(Analysis.class);
            FaceEmbedder embedder = null;
            GenderProbe genderProbe = null;
            try {
                for (Analysis a : analyses) if (!(a == Analysis.GENDER && probe)) models.put(a, load(a, config));
                if (probe) {
                    genderProbe = options.get("gender-probe").map(f -> GenderProbe.read(Path.of(f))).orElseGet(GenderProbe::bundled);
                    ComponentOptions embedderOptions = ComponentOptions.empty();
                    for (String k : List.of(ComponentOptions.GPU, ComponentOptions.THREADS)) {
                        String v = options.values().get(k);
                        if (v != null) embedderOptions = embedderOptions.with(k, v);
                    }
                    embedder = Components.embedder(options.get("gender-embedder").orElse("arcface"), embedderOptions);
                    if (!embedder.modelId().equals(genderProbe.modelId()) || embedder.dimension() != genderProbe.dimension()) {
                        throw new IllegalArgumentException("the gender probe reads " + genderProbe.modelId() + " embeddings of dimension "
                                + genderProbe.dimension() + " but the embedder gives " + embedder.modelId() + " of dimension " + embedder.dimension());
                    }
                }
            } catch (RuntimeException e) {
                models.values().forEach(OnnxModel::close);
                if (embedder != null) embedder.close();
                throw e;
            }
            return new FaceAnalyzer(models, embedder, genderProbe, antiSpoofing);
        }

        private boolean antiSpoofing;

        private OnnxModel load(Analysis a, SessionConfig config) {
            if (a == Analysis.LIVENESS && antiSpoofing) {
                ModelSource src = ModelSelection.select(ANTISPOOFING_MODEL_ID, options, "liveness-model");
                return TfliteImporter.withDefaultCache().load(src, ImportOptions.none(), config,
                        List.of(TensorSpec.of("input", 1, 256, 256, 3)),
                        List.of(TensorSpec.of("Identity", 1, 8), TensorSpec.of("Identity_1", 1, 8)));
            }
            ModelSource src = ModelSelection.select(MODEL_IDS.get(a), options, a.name().toLowerCase(java.util.Locale.ROOT) + "-model");
            List<TensorSpec> in;
            List<TensorSpec> out = new ArrayList<>();
            switch (a) {
                case AGE, GENDER -> {
                    in = List.of(TensorSpec.of("input", 1, 3, 64, 64));
                    for (int k = 1; k <= 3; k++) {
                        out.add(TensorSpec.of("prob_stage_" + k, 1, 3));
                        out.add(TensorSpec.of("stage" + k + "_delta_k", 1, 1));
                        out.add(TensorSpec.of("index_offset_stage" + k, 1, 3));
                    }
                }
                case EXPRESSION -> {
                    in = List.of(TensorSpec.of("input", 1, 3, 224, 224));
                    out.add(TensorSpec.of("output", 1, EXPRESSION_LABELS.size()));
                }
                case POSE -> {
                    in = List.of(TensorSpec.of("input", 1, 3, 224, 224));
                    for (String n : POSE_OUTPUTS) out.add(TensorSpec.of(n, 1, 66));
                }
                case LIVENESS -> {
                    in = List.of(TensorSpec.of("input", 1, 3, 128, 128));
                    out.add(TensorSpec.of("output", 1, 3));
                }
                default -> throw new AssertionError(a);
            }
            return OnnxModel.load(src.id(), src.bytes(), config, in, out);
        }
    }
}
