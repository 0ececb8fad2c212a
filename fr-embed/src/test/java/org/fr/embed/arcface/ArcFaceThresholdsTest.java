package org.fr.embed.arcface;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;

import org.fr.ComponentOptions;
import org.fr.FaceEmbedder;
import org.fr.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped LFW-calibrated thresholds of the bundled arcface model ({@code thresholds.properties}). */
class ArcFaceThresholdsTest {
    private static final List<Double> FMRS = List.of(1e-4, 1e-3, 1e-2);

    private static void assertCalibrated(SortedMap<Double, Float> t) {
        assertThat(t.keySet()).containsExactlyElementsOf(FMRS);
        float at4 = t.get(1e-4), at3 = t.get(1e-3), at2 = t.get(1e-2);
        // a lower false-match rate needs a stricter (higher) cosine
        assertThat(at4).isGreaterThan(at3);
        assertThat(at3).isGreaterThan(at2);
        // plausible for this model: above the LFW 10-fold accuracy threshold's neighbourhood floor, below 1
        assertThat(at2).isBetween(0.1f, 0.6f);
        assertThat(at4).isBetween(0.2f, 0.8f);
    }

    @Test
    void shippedThresholdsLoadAndAreOrderedForBothFlipSettings() {
        assertCalibrated(ArcFaceProvider.calibratedThresholds(false));
        assertCalibrated(ArcFaceProvider.calibratedThresholds(true));
        assertThat(ArcFaceProvider.calibratedThresholds(true)).isNotEqualTo(ArcFaceProvider.calibratedThresholds(false));
    }

    @Test
    void resourceHeaderSaysHowToReproduceIt() throws Exception {
        Properties p = new Properties();
        String text;
        try (InputStream in = ArcFaceProvider.class.getResourceAsStream(ArcFaceProvider.THRESHOLDS)) {
            assertThat(in).as("resource " + ArcFaceProvider.THRESHOLDS).isNotNull();
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        p.load(new java.io.StringReader(text));
        assertThat(p.stringPropertyNames()).hasSize(6).allMatch(k -> k.matches("flip\\.(true|false)\\.fmr\\.1e-[234]"));
        assertThat(text).contains("fr calibrate").contains(ArcFaceEmbedder.MODEL_ID);
    }

    @Test
    void bundledEmbedderReturnsTheThresholdsOfItsFlipSetting() {
        for (boolean flip : new boolean[] {false, true}) {
            try (FaceEmbedder e = new ArcFaceProvider().create(ComponentOptions.empty().with("flip", Boolean.toString(flip)))) {
                assertThat(e.calibratedThresholds()).isEqualTo(ArcFaceProvider.calibratedThresholds(flip));
                assertCalibrated(e.calibratedThresholds());
                // the verification default stays the LFW 10-fold one
                assertThat(e.defaultThreshold()).isEqualTo(flip ? ArcFaceProvider.DEFAULT_THRESHOLD_FLIP : ArcFaceProvider.DEFAULT_THRESHOLD);
            }
        }
    }

    @Test
    void ownModelFileHasNoCalibratedThresholds(@TempDir Path dir) throws Exception {
        Path own = dir.resolve("my_arcface.onnx");
        Files.write(own, ModelRegistry.bundled().resolve(ArcFaceEmbedder.MODEL_ID).bytes());
        try (FaceEmbedder e = new ArcFaceProvider().create(ComponentOptions.empty().with("model", own.toString()))) {
            assertThat(e.modelId()).startsWith("custom/");
            assertThat(e.calibratedThresholds()).isEmpty();
        }
    }
}
