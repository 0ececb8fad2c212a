package org.fr.embed.arcface;

import java.util.ArrayList;
import java.util.List;

import org.fr.AlignedFace;
import org.fr.Embedding;
import org.fr.FaceEmbedder;
import org.fr.RgbImage;
import org.fr.onnx.ImageTensors;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.onnx.TensorSpec;

/**
 * ArcFace-style embedder on {@code faceplugin/fr_feature}: a 112x112 face aligned to the ArcFace template, RGB,
 * normalised as {@code (v - 127) / 128}, NCHW, gives a 512-d vector, which is L2-normalised. With flip
 * test-time augmentation the raw vectors of the face and of its mirror image are summed before normalising.
 * Batches run as one model call when the model's batch dimension is dynamic, else one call per face.
 *
 * <p>Thread-safe; holds an onnxruntime session, so close it.
 */
public final class ArcFaceEmbedder implements FaceEmbedder {
    public static final String MODEL_ID = "faceplugin/fr_feature";
    static final float MEAN = 127f, SCALE = 1f / 128f;

    private final OnnxModel model;
    private final String modelId;
    private final boolean flip;
    private final float threshold;
    private final int dimension;
    private final boolean dynamicBatch;
    private final java.util.SortedMap<Double, Float> calibrated;

    public ArcFaceEmbedder(String modelId, byte[] modelBytes, SessionConfig config, boolean flip, float threshold) {
        this(modelId, modelBytes, config, flip, threshold, java.util.Collections.emptySortedMap());
    }

    /**
     * @param calibrated cosine thresholds by false-match rate, calibrated for this model and flip setting (empty if
     *                   none); returned by {@link #calibratedThresholds()}
     */
    public ArcFaceEmbedder(String modelId, byte[] modelBytes, SessionConfig config, boolean flip, float threshold,
                           java.util.SortedMap<Double, Float> calibrated) {
        this.model = OnnxModel.load(modelId, modelBytes, config,
                List.of(TensorSpec.of("input", -1, 3, AlignedFace.SIZE, AlignedFace.SIZE)),
                List.of(TensorSpec.of("output", -1, -1)));
        long[] out = model.outputShapes().get("output");
        this.dimension = (int) out[1];
        if (dimension <= 0) {
            model.close();
            throw new org.fr.ModelException("model " + modelId + " has no fixed embedding size: output " + java.util.Arrays.toString(out));
        }
        this.dynamicBatch = model.inputShapes().get("input")[0] <= 0;
        this.modelId = modelId;
        this.flip = flip;
        this.threshold = threshold;
        this.calibrated = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(calibrated));
    }

    @Override
    public String modelId() { return modelId; }

    @Override
    public int dimension() { return dimension; }

    @Override
    public float defaultThreshold() { return threshold; }

    /** Thresholds by false-match rate for this model and flip setting; the bundled model's come from LFW. */
    @Override
    public java.util.SortedMap<Double, Float> calibratedThresholds() { return calibrated; }

    public boolean flip() { return flip; }

    @Override
    public Embedding embed(AlignedFace face) {
        return embedAll(List.of(face)).get(0);
    }

    @Override
    public List<Embedding> embedAll(List<AlignedFace> faces) {
        List<RgbImage> inputs = new ArrayList<>(faces.size() * (flip ? 2 : 1));
        for (AlignedFace f : faces) {
            inputs.add(f.image());
            if (flip) inputs.add(f.image().mirrored());
        }
        float[][] raw = rawVectors(inputs);
        List<Embedding> out = new ArrayList<>(faces.size());
        int step = flip ? 2 : 1;
        for (int i = 0; i < raw.length; i += step) {
            float[] v = raw[i];
            if (flip) {
                float[] m = raw[i + 1];
                v = v.clone();
                for (int k = 0; k < v.length; k++) v[k] += m[k];
            }
            out.add(Embedding.normalised(modelId, v));
        }
        return out;
    }

    private float[][] rawVectors(List<RgbImage> images) {
        float[][] out = new float[images.size()][];
        if (dynamicBatch) {
            Tensor t = model.run(ImageTensors.nchwBatch("input", images, MEAN, SCALE), "output");
            for (int i = 0; i < images.size(); i++) {
                out[i] = java.util.Arrays.copyOfRange(t.data(), i * dimension, (i + 1) * dimension);
            }
        } else {
            for (int i = 0; i < images.size(); i++) {
                out[i] = model.run(ImageTensors.nchw("input", images.get(i), MEAN, SCALE), "output").data();
            }
        }
        return out;
    }

    @Override
    public void close() { model.close(); }
}
