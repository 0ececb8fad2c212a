package org.fr.embed.arcface;

import java.util.Collections;
import java.util.SortedMap;

import org.fr.ComponentOptions;
import org.fr.embed.CalibratedThresholds;
import org.fr.FaceEmbedder;
import org.fr.models.ModelSelection;
import org.fr.onnx.SessionConfig;
import org.fr.spi.FaceEmbedderProvider;

/**
 * Registers {@code arcface}. Options: {@code flip} (test-time augmentation, default false: on LFW it changed accuracy by 0.0002 at twice the cost), {@code threshold}
 * (cosine, default the LFW-calibrated {@value #DEFAULT_THRESHOLD_FLIP} with flip, {@value #DEFAULT_THRESHOLD} without),
 * {@code model} (own ONNX file taking 1x3x112x112), {@code threads}, {@code gpu}.
 *
 * <p>The bundled model's {@link FaceEmbedder#calibratedThresholds() calibrated thresholds} (cosine at false-match
 * rates 1e-2, 1e-3, 1e-4, for the flip setting in use) come from the resource {@value #THRESHOLDS}, written by
 * {@code fr calibrate} on all LFW pairs; an own model file has none.
 */
public final class ArcFaceProvider implements FaceEmbedderProvider {
    /**
     * Calibrated on LFW View 2 with {@code ultraface} (see README): the mean of the 10 folds' best thresholds,
     * 0.2622 without flip (accuracy 0.9930) and 0.2752 with flip (0.9932).
     */
    public static final float DEFAULT_THRESHOLD = 0.262f;
    public static final float DEFAULT_THRESHOLD_FLIP = 0.275f;

    /** The calibrated thresholds of the bundled model, next to this class: {@code flip.<false|true>.fmr.<f>=cosine}. */
    public static final String THRESHOLDS = "thresholds.properties";

    @Override
    public String name() { return "arcface"; }

    @Override
    public String description() {
        return "ArcFace-style 512-d embedder (faceplugin fr_feature) on 112x112 aligned faces, optional flip augmentation";
    }

    @Override
    public FaceEmbedder create(ComponentOptions options) {
        var src = ModelSelection.select(ArcFaceEmbedder.MODEL_ID, options, ComponentOptions.MODEL);
        boolean flip = options.getBoolean("flip", false);
        float threshold = options.getFloat("threshold", flip ? DEFAULT_THRESHOLD_FLIP : DEFAULT_THRESHOLD);
        SortedMap<Double, Float> calibrated = src.id().equals(ArcFaceEmbedder.MODEL_ID)
                ? calibratedThresholds(flip) : Collections.emptySortedMap();
        return new ArcFaceEmbedder(src.id(), src.bytes(), SessionConfig.from(options), flip, threshold, calibrated);
    }

    /**
     * The bundled model's calibrated thresholds for a flip setting, read from {@value #THRESHOLDS} (key: the
     * false-match rate); empty when the resource has none for that setting.
     *
     * @throws org.fr.ModelException if the resource cannot be read or holds a malformed entry
     */
    public static SortedMap<Double, Float> calibratedThresholds(boolean flip) {
        return CalibratedThresholds.read(ArcFaceProvider.class, THRESHOLDS, "flip." + flip + ".fmr.", ArcFaceEmbedder.MODEL_ID);
    }
}
