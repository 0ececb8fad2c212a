package org.fr.detect.blazeface;

import org.fr.ComponentOptions;
import org.fr.FaceDetector;
import org.fr.models.ModelSelection;
import org.fr.onnx.SessionConfig;
import org.fr.spi.FaceDetectorProvider;

/**
 * Registers {@code blazeface}. Options: {@code variant} ({@code front}, the default: 128x128 input for
 * selfie-range faces filling much of the frame; or {@code back}: 256x256 input for smaller faces),
 * {@code threshold} (score, default {@value BlazeFaceDetector#DEFAULT_THRESHOLD}), {@code model} (own ONNX file
 * with the chosen variant's input size), {@code threads}, {@code gpu}.
 */
public final class BlazeFaceProvider implements FaceDetectorProvider {
    /** Option choosing the network: {@code front} or {@code back}. */
    public static final String VARIANT = "variant";
    public static final String THRESHOLD = "threshold";

    @Override
    public String name() { return BlazeFaceDetector.NAME; }

    @Override
    public String description() {
        return "MediaPipe BlazeFace with 6 keypoints; variant=front (128x128, near faces, default) or back (256x256, smaller faces); very fast";
    }

    @Override
    public FaceDetector create(ComponentOptions options) {
        BlazeFaceVariant variant = BlazeFaceVariant.parse(options.get(VARIANT).orElse(BlazeFaceVariant.FRONT.optionValue()));
        float threshold = options.getFloat(THRESHOLD, BlazeFaceDetector.DEFAULT_THRESHOLD);
        SessionConfig config = SessionConfig.from(options);
        var source = ModelSelection.select(variant.modelId(), options, ComponentOptions.MODEL);
        return new BlazeFaceDetector(source.id(), source.bytes(), config, variant, threshold);
    }
}
