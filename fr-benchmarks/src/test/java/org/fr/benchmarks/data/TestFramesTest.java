package org.fr.benchmarks.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.fr.ComponentOptions;
import org.fr.Components;
import org.fr.FaceDetector;
import org.fr.RgbImage;
import org.junit.jupiter.api.Test;

/** The benchmark frames hold the faces they claim: the default detector finds them. */
class TestFramesTest {
    @Test
    void framesHoldTheirFaces() {
        try (FaceDetector d = Components.detector("ultraface", ComponentOptions.empty().with(ComponentOptions.THREADS, "1"))) {
            RgbImage one = TestFrames.compose("640x480", 1);
            assertThat(one.width()).isEqualTo(640);
            assertThat(one.height()).isEqualTo(480);
            assertThat(d.detect(one)).hasSize(1);
            assertThat(d.detect(TestFrames.compose("1280x720", 10))).hasSize(10);
        }
    }
}
