package org.fr.detect.ultraface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.fr.ComponentOptions;
import org.fr.DetectedFace;
import org.fr.ImageDecoder;
import org.fr.Resampler;
import org.fr.RgbImage;
import org.fr.TestData;
import org.fr.detect.landmarks.Landmark68;
import org.fr.models.ModelRegistry;
import org.fr.onnx.ImageTensors;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.onnx.TensorSpec;
import org.junit.jupiter.api.Test;

/**
 * The reference for our priors and decoding is the shipped model's own in-graph decoding at 320x240: on a real
 * photo every one of the 4420 scores and boxes must agree to 1e-5.
 */
class UltrafaceDecodingTest {
    @Test
    void javaDecodingMatchesTheModelsOwnAt320x240() {
        byte[] bytes = ModelRegistry.bundled().resolve(UltrafaceDetector.MODEL_ID).bytes();
        RgbImage img = ImageDecoder.read(TestData.root().resolve("people/photos/longoria-cooper.jpg"));
        float[] refScores, refBoxes;
        try (OnnxModel original = OnnxModel.load("original", bytes, SessionConfig.cpu(1),
                List.of(TensorSpec.of("input", 1, 3, 240, 320)),
                List.of(TensorSpec.of("scores", 1, 4420, 2), TensorSpec.of("boxes", 1, 4420, 4)))) {
            Tensor in = ImageTensors.nchw("input", Resampler.resize(img, 320, 240), 127f, 1f / 128f);
            var out = original.run(List.of(in), List.of("scores", "boxes"));
            refScores = out.get("scores").data();
            refBoxes = out.get("boxes").data();
        }
        try (Landmark68 lm = new Landmark68(Landmark68.MODEL_ID, ModelRegistry.bundled().resolve(Landmark68.MODEL_ID).bytes(), SessionConfig.cpu(1));
             UltrafaceDetector d = new UltrafaceDetector(UltrafaceDetector.MODEL_ID, bytes, lm, SessionConfig.cpu(1),
                     InputSize.DEFAULT, 0.7f, 0.4f)) {
            UltrafaceDetector.Raw raw = d.run(img, 320, 240);
            assertThat(raw.priors.count).isEqualTo(4420);
            for (int i = 0; i < 4420; i++) {
                assertThat(raw.score(i)).as("score %d", i).isCloseTo(refScores[2 * i + 1], within(1e-5f));
                float[] b = raw.box(i);
                for (int k = 0; k < 4; k++) assertThat(b[k]).as("box %d.%d", i, k).isCloseTo(refBoxes[4 * i + k], within(1e-5f));
            }
        }
    }

    @Test
    void priorCountsFollowTheInputSize() {
        // ceil(W/s) * ceil(H/s) * sizes per level, strides 8/16/32/64 with 3/2/2/3 sizes
        assertThat(new UltrafacePriors(320, 240).count).isEqualTo(40 * 30 * 3 + 20 * 15 * 2 + 10 * 8 * 2 + 5 * 4 * 3);
        assertThat(new UltrafacePriors(640, 480).count).isEqualTo(80 * 60 * 3 + 40 * 30 * 2 + 20 * 15 * 2 + 10 * 8 * 3);
    }

    /** At other sizes the network runs and finds the same two faces, at nearly the same places. */
    @Test
    void otherInputSizesFindTheSameFaces() {
        RgbImage img = ImageDecoder.read(TestData.root().resolve("people/photos/longoria-cooper.jpg"));
        List<DetectedFace> base;
        try (var d = new UltrafaceProvider().create(ComponentOptions.empty())) {
            base = d.detect(img);
        }
        assertThat(base).hasSize(2);
        for (String size : List.of("640x480", "auto:320", "auto:640", "256x256")) {
            try (var d = new UltrafaceProvider().create(ComponentOptions.empty().with("input", size))) {
                List<DetectedFace> faces = d.detect(img);
                assertThat(faces).as(size).hasSize(2);
                for (DetectedFace f : faces) {
                    double best = base.stream().mapToDouble(b -> b.box().iou(f.box())).max().orElse(0);
                    assertThat(best).as(size).isGreaterThan(0.6);
                }
            }
        }
    }

    @Test
    void inputSizeParsing() {
        assertThat(InputSize.parse("640x480").forImage(1000, 10)).containsExactly(640, 480);
        assertThat(InputSize.parse("auto:640").forImage(1280, 720)).containsExactly(640, 368);
        assertThat(InputSize.parse("auto:640").forImage(300, 1200)).containsExactly(160, 640);
        assertThatThrownBy(() -> InputSize.parse("650x480")).hasMessageContaining("multiple of 16");
        assertThatThrownBy(() -> InputSize.parse("big")).hasMessageContaining("WxH");
    }
}
