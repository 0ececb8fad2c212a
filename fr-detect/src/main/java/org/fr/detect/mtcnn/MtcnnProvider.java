package org.fr.detect.mtcnn;

import org.fr.ComponentOptions;
import org.fr.FaceDetector;
import org.fr.models.ModelSelection;
import org.fr.onnx.SessionConfig;
import org.fr.spi.FaceDetectorProvider;
import org.fr.tflite.TfliteImporter;

/**
 * Registers {@code mtcnn}. Options: those of {@link MtcnnSettings} ({@code min-face}, {@code scale-factor},
 * {@code threshold-pnet|rnet|onet}, {@code nms-pnet-scale|pnet|rnet|onet}), {@code pnet-model}, {@code rnet-model},
 * {@code onet-model} (own TFLite files with the same tensor names), {@code threads}, {@code gpu}.
 */
public final class MtcnnProvider implements FaceDetectorProvider {
    @Override
    public String name() { return MtcnnDetector.NAME; }

    @Override
    public String description() {
        return "MTCNN P-Net/R-Net/O-Net cascade (expo TFLite networks via the TFLite importer) with 5 landmarks; accurate, faces >= min-face (20 px)";
    }

    @Override
    public FaceDetector create(ComponentOptions options) {
        MtcnnSettings settings = MtcnnSettings.from(options);
        return new MtcnnDetector(ModelSelection.select(MtcnnDetector.PNET_ID, options, "pnet-model"),
                ModelSelection.select(MtcnnDetector.RNET_ID, options, "rnet-model"),
                ModelSelection.select(MtcnnDetector.ONET_ID, options, "onet-model"),
                TfliteImporter.withDefaultCache(), SessionConfig.from(options), settings);
    }
}
