package org.fr.detect.hog;

import java.nio.file.Path;

import org.fr.ComponentOptions;
import org.fr.FaceDetector;
import org.fr.detect.landmarks.Landmark68;
import org.fr.models.ModelSelection;
import org.fr.onnx.SessionConfig;
import org.fr.spi.FaceDetectorProvider;

/**
 * Registers {@code hog}. Options: those of {@link HogSettings} ({@code min-face} or {@code upsample}, {@code step},
 * {@code threshold}, {@code nms}, {@code threads}, {@code exact-every}), {@code model} (own file written by {@code fr train-hog}; alone, it scans
 * every level), {@code upsampled-model} (own file for the levels scaled up from the image; the bundled pair is
 * {@value HogModel#BUNDLED} and {@value HogModel#BUNDLED_UPSAMPLED}),
 * {@code landmarks} (default true: five landmarks from the 68-point network {@code faceplugin/fr_landmark};
 * false: boxes only, no ONNX at all), {@code landmark-model}.
 */
public final class HogProvider implements FaceDetectorProvider {
    @Override
    public String name() { return HogDetector.NAME; }

    @Override
    public String description() {
        return "HOG + linear filter (our own, trained by `fr train-hog`) + 68-point landmarks; pure Java CPU, frontal faces >= min-face (80 px; 40 upsamples)";
    }

    @Override
    public FaceDetector create(ComponentOptions options) {
        HogSettings settings = HogSettings.from(options);
        // a model of one's own scans every level unless an upsampled-levels model is given too
        HogModel model = options.get(ComponentOptions.MODEL).map(p -> HogModel.read(Path.of(p))).orElseGet(HogModel::bundled);
        HogModel upsampled = options.get("upsampled-model").map(p -> HogModel.read(Path.of(p)))
                .orElseGet(() -> options.get(ComponentOptions.MODEL).isPresent() ? null : HogModel.bundledUpsampled());
        Landmark68 landmarks = null;
        if (options.getBoolean("landmarks", true)) {
            var lm = ModelSelection.select(Landmark68.MODEL_ID, options, "landmark-model");
            // one intra-op thread unless asked: the landmark net is tiny and images run in parallel
            ComponentOptions lo = options.get(ComponentOptions.THREADS).isPresent() ? options : options.with(ComponentOptions.THREADS, "1");
            landmarks = new Landmark68(lm.id(), lm.bytes(), SessionConfig.from(lo));
        }
        return new HogDetector(model, upsampled, settings, landmarks);
    }
}
