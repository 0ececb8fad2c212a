package org.fr.detect.hog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fr.ComponentOptions;
import org.fr.FaceDetector;
import org.fr.detect.landmarks.Landmark68;
import org.fr.models.ModelSelection;
import org.fr.onnx.SessionConfig;
import org.fr.spi.FaceDetectorProvider;

/**
 * Registers {@code hog}. Options: those of {@link HogSettings} ({@code min-face} or {@code upsample}, {@code step},
 * {@code threshold}, {@code nms}, {@code threads}, {@code exact-every}), {@code model} (own files written by
 * {@code fr train-hog}, comma-separated, the first the main filter; alone, they scan every level),
 * {@code upsampled-model} (own files for the levels scaled up from the image), {@code turned} (default true: the
 * bundled filters of faces turned sideways scan beside the bundled frontal ones, {@link HogModel#bundledPoses}; false:
 * the frontal pair {@value HogModel#BUNDLED} and {@value HogModel#BUNDLED_UPSAMPLED} only),
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
        boolean turned = options.getBoolean("turned", true);
        List<HogModel> filters = options.get(ComponentOptions.MODEL).map(HogProvider::readAll)
                .orElseGet(() -> turned ? HogModel.bundledPoses() : List.of(HogModel.bundled()));
        List<HogModel> upsampled = options.get("upsampled-model").map(HogProvider::readAll)
                .orElseGet(() -> options.get(ComponentOptions.MODEL).isPresent() ? List.of()
                        : turned ? HogModel.bundledUpsampledPoses() : List.of(HogModel.bundledUpsampled()));
        Landmark68 landmarks = null;
        if (options.getBoolean("landmarks", true)) {
            var lm = ModelSelection.select(Landmark68.MODEL_ID, options, "landmark-model");
            // one intra-op thread unless asked: the landmark net is tiny and images run in parallel
            ComponentOptions lo = options.get(ComponentOptions.THREADS).isPresent() ? options : options.with(ComponentOptions.THREADS, "1");
            landmarks = new Landmark68(lm.id(), lm.bytes(), SessionConfig.from(lo));
        }
        return new HogDetector(filters, upsampled, settings, landmarks);
    }

    /** The model files of a comma-separated list, in order. */
    private static List<HogModel> readAll(String files) {
        List<HogModel> out = new ArrayList<>();
        for (String f : files.split(",")) {
            if (f.isBlank()) throw new IllegalArgumentException("empty file name in the HOG model list '" + files + "'");
            out.add(HogModel.read(Path.of(f.strip())));
        }
        return out;
    }
}
