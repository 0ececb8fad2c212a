package org.fr.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ModelCallsTest {
    private static OnnxModel tiny() {
        return OnnxModel.load("tiny/add", TinyModels.addConstant(2f), SessionConfig.cpu(1),
                List.of(TensorSpec.of("x", -1, 3)), List.of(TensorSpec.of("y", -1, 3)));
    }

    @Test
    void capturesEveryRunOfTheActionAndReplaysThem() {
        try (OnnxModel m = tiny()) {
            float[] data = {1, 2, 3};
            Tensor in = new Tensor("x", new long[] {1, 3}, data);
            try (ModelCalls calls = ModelCalls.record(() -> {
                m.run(in, "y");
                m.run(new Tensor("x", new long[] {2, 3}, new float[6]), "y");
            })) {
                assertThat(calls.count()).isEqualTo(2);
                assertThat(calls.modelIds()).containsExactly("tiny/add", "tiny/add");
                data[0] = 99; // the capture holds a copy: later changes to the caller's array do not matter
                assertThat(calls.replay()).isEqualTo(2); // one output value (tensor) per run
                assertThat(calls.replay()).isEqualTo(2);
            }
            // recording is off again: a run outside record() is not captured and still works
            assertThat(m.run(new Tensor("x", new long[] {1, 3}, new float[] {1, 2, 3}), "y").data()).containsExactly(3f, 4f, 5f);
        }
    }

    @Test
    void nestedRecordingIsRefused() {
        assertThatThrownBy(() -> ModelCalls.record(() -> ModelCalls.record(() -> {})))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already recording");
        // and the outer recording was cleaned up
        try (ModelCalls none = ModelCalls.record(() -> {})) {
            assertThat(none.count()).isZero();
        }
    }

    /** The reused per-thread input buffers must not leak one run's values into the next, larger or smaller. */
    @Test
    void successiveRunsOfDifferentSizesGiveTheirOwnResults() {
        try (OnnxModel m = tiny()) {
            assertThat(m.run(new Tensor("x", new long[] {2, 3}, new float[] {1, 1, 1, 2, 2, 2}), "y").data())
                    .containsExactly(3f, 3f, 3f, 4f, 4f, 4f);
            assertThat(m.run(new Tensor("x", new long[] {1, 3}, new float[] {5, 6, 7}), "y").data()).containsExactly(7f, 8f, 9f);
        }
    }

    /** From the second run with the same input shape on, outputs come through the pinned buffers: same values. */
    @Test
    void repeatedRunsOfOneShapeGiveTheSameResultsAsTheFirst() {
        try (OnnxModel m = tiny()) {
            for (int r = 0; r < 3; r++) {
                float[] x = {r, 2 * r, 3 * r, 1, 1, 1};
                assertThat(m.run(new Tensor("x", new long[] {2, 3}, x), "y").data())
                        .containsExactly(r + 2f, 2 * r + 2f, 3 * r + 2f, 3f, 3f, 3f);
                assertThat(m.run(new Tensor("x", new long[] {1, 3}, new float[] {r, r, r}), "y").shape()).containsExactly(1, 3);
            }
        }
    }
}
