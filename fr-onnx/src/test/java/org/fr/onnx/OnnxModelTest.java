package org.fr.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;

import org.fr.ModelException;
import org.junit.jupiter.api.Test;

/** Uses a tiny ONNX graph built in {@link TinyModels} so the runner is tested without any pretrained weights. */
class OnnxModelTest {
    @Test
    void runsAGraphAndReturnsItsOutput() {
        try (OnnxModel m = OnnxModel.load("tiny/add", TinyModels.addConstant(2f), SessionConfig.cpu(1),
                List.of(TensorSpec.of("x", -1, 3)), List.of(TensorSpec.of("y", -1, 3)))) {
            Tensor out = m.run(new Tensor("x", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}), "y");
            assertThat(out.data()).containsExactly(3, 4, 5, 6, 7, 8);
            assertThat(out.shape()).containsExactly(2, 3);
        }
    }

    @Test
    void wrongSignatureListsExpectedAndFound() {
        assertThatThrownBy(() -> OnnxModel.load("tiny/add", TinyModels.addConstant(1f), SessionConfig.cpu(1),
                List.of(TensorSpec.of("input", 1, 3, 112, 112)), List.of(TensorSpec.of("y", -1, 3))))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("tiny/add")
                .hasMessageContaining("missing input input[1, 3, 112, 112]")
                .hasMessageContaining("found [x[-1, 3]]");
        assertThatThrownBy(() -> OnnxModel.load("tiny/add", TinyModels.addConstant(1f), SessionConfig.cpu(1),
                List.of(TensorSpec.of("x", -1, 4)), List.of(TensorSpec.of("y", -1, 3))))
                .hasMessageContaining("input x has shape [-1, 3], expected x[-1, 4]");
    }

    @Test
    void garbageBytesAreRefusedNamingTheModel() {
        assertThatThrownBy(() -> OnnxModel.load("bad/model", "not an onnx file".getBytes(), SessionConfig.cpu(1),
                List.of(), List.of()))
                .isInstanceOf(ModelException.class).hasMessageStartingWith("model bad/model could not be loaded");
    }

    /**
     * With the CPU artifact (as in CI) asking for a GPU must fail loudly, never fall back; with the GPU artifact
     * and a CUDA device the model must load on the GPU.
     */
    @Test
    void gpuIsUsedOrRefusedNeverSilentlyDropped() {
        boolean cuda = ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
        if (cuda) {
            try (OnnxModel m = OnnxModel.load("tiny/add", TinyModels.addConstant(1f), new SessionConfig(1, OptionalInt.of(0)),
                    List.of(), List.of())) {
                assertThat(m.onGpu()).isTrue();
            }
        } else {
            assertThatThrownBy(() -> OnnxModel.load("tiny/add", TinyModels.addConstant(1f), new SessionConfig(1, OptionalInt.of(0)),
                    List.of(), List.of()))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("onnxruntime_gpu")
                    .hasMessageContaining("never falls back");
        }
    }
}
