package org.fr.embed.mobilefacenet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;

import org.fr.ComponentOptions;
import org.fr.FaceEmbedder;
import org.junit.jupiter.api.Test;

/** The shipped LFW-calibrated thresholds of the bundled mobilefacenet model ({@code thresholds.properties}). */
class MobileFaceNetThresholdsTest {
    private static final List<Double> FMRS = List.of(1e-4, 1e-3, 1e-2);

    @Test
    void shippedThresholdsLoadAndAreOrdered() {
        SortedMap<Double, Float> t = MobileFaceNetProvider.calibratedThresholds();
        assertThat(t.keySet()).containsExactlyElementsOf(FMRS);
        assertThat(t.get(1e-4)).isGreaterThan(t.get(1e-3));
        assertThat(t.get(1e-3)).isGreaterThan(t.get(1e-2));
        // the LFW 10-fold accuracy threshold sits between the 1e-2 and 1e-4 ones (balanced pairs vs rare impostors)
        assertThat(MobileFaceNetProvider.DEFAULT_THRESHOLD).isBetween(t.get(1e-2) - 0.1f, t.get(1e-4));
    }

    @Test
    void resourceHeaderSaysHowToReproduceIt() throws Exception {
        String text;
        try (InputStream in = MobileFaceNetProvider.class.getResourceAsStream(MobileFaceNetProvider.THRESHOLDS)) {
            assertThat(in).as("resource " + MobileFaceNetProvider.THRESHOLDS).isNotNull();
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Properties p = new Properties();
        p.load(new java.io.StringReader(text));
        assertThat(p.stringPropertyNames()).hasSize(3).allMatch(k -> k.matches("fmr\\.1e-[234]"));
        assertThat(text).contains("fr calibrate").contains("--embedder mobilefacenet").contains(MobileFaceNetEmbedder.MODEL_ID);
    }

    @Test
    void bundledEmbedderReturnsTheThresholdsAndTheLfwDefault() {
        try (FaceEmbedder e = new MobileFaceNetProvider().create(ComponentOptions.empty())) {
            assertThat(e.calibratedThresholds()).isEqualTo(MobileFaceNetProvider.calibratedThresholds());
            assertThat(e.defaultThreshold()).isEqualTo(MobileFaceNetProvider.DEFAULT_THRESHOLD);
        }
        try (FaceEmbedder e = new MobileFaceNetProvider().create(ComponentOptions.empty().with("threshold", "0.5"))) {
            assertThat(e.defaultThreshold()).isEqualTo(0.5f);
        }
    }
}
