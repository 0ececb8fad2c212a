package org.fr.detect.ultraface;

import org.fr.ComponentOptions;
import org.fr.FaceDetector;
import org.fr.detect.landmarks.Landmark68;
import org.fr.models.ModelSelection;
import org.fr.onnx.SessionConfig;
import org.fr.spi.FaceDetectorProvider;

/**
 * Registers {@code ultraface}. Options: {@code threshold} (score, default {@value #DEFAULT_THRESHOLD}),
 * {@code nms} (IoU, default {@value #DEFAULT_NMS}), {@code input} (network input size: {@code WxH}, default
 * {@code 320x240}, or {@code auto:N} to follow each image's aspect ratio with the longer side N; see {@link InputSize}), {@code model} (own detector ONNX file),
 * {@code landmark-model} (own 68-point ONNX file), {@code threads}, {@code gpu}.
 */
public final class UltrafaceProvider implements FaceDetectorProvider {
    public static final float DEFAULT_THRESHOLD = 0.8f;
    public static final float DEFAULT_NMS = 0.4f;

    @Override
    public String name() { return UltrafaceDetector.NAME; }

    @Override
    public String description() {
        return "RFB-320 ultra-light CNN (faceplugin fr_detect, 320x240) + 68-point landmarks; fast, frontal to 3/4 faces >= ~20 px";
    }

    @Override
    public FaceDetector create(ComponentOptions options) {
        SessionConfig config = SessionConfig.from(options);
        var lm = ModelSelection.select(Landmark68.MODEL_ID, options, "landmark-model");
        var det = ModelSelection.select(UltrafaceDetector.MODEL_ID, options, ComponentOptions.MODEL);
        Landmark68 landmarks = new Landmark68(lm.id(), lm.bytes(), config);
        try {
            InputSize input = options.get("input").map(InputSize::parse).orElse(InputSize.DEFAULT);
            return new UltrafaceDetector(det.id(), det.bytes(), landmarks, config, input,
                    options.getFloat("threshold", DEFAULT_THRESHOLD), options.getFloat("nms", DEFAULT_NMS));
        } catch (RuntimeException e) {
            landmarks.close();
            throw e;
        }
    }
}
