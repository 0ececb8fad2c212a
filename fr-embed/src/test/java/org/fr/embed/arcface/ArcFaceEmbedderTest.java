package org.fr.embed.arcface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fr.AlignedFace;
import org.fr.ComponentOptions;
import org.fr.Embedding;
import org.fr.FaceRecognizer;
import org.fr.RecognizedFace;
import org.fr.TestData;
import org.fr.Verification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arcface embedder through the FaceRecognizer facade, on real photos. */
class ArcFaceEmbedderTest {
    private static FaceRecognizer fr;

    @BeforeAll
    static void load() {
        fr = FaceRecognizer.builder().detector("ultraface").embedder("arcface").build();
    }

    @AfterAll
    static void close() {
        fr.close();
    }

    private static Path photo(String name) {
        return TestData.root().resolve("people/photos").resolve(name);
    }

    @Test
    void embeddingsAreUnitVectorsOfTheModelsDimension() {
        Embedding e = fr.recognizeLargest(fr.read(photo("lennon-1.jpg"))).orElseThrow().embedding();
        assertThat(e.dimension()).isEqualTo(512);
        assertThat(e.modelId()).isEqualTo("faceplugin/fr_feature");
        double norm = 0;
        for (float v : e.values()) norm += v * v;
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void samePeopleVerifyAsSameAndCrossPairsAsDifferent() {
        Verification lennon = fr.verify(photo("lennon-1.jpg"), photo("lennon-2.jpg"));
        Verification clapton = fr.verify(photo("clapton-1.jpg"), photo("clapton-2.jpg"));
        System.out.printf("lennon %.4f clapton %.4f threshold %.4f%n", lennon.similarity(), clapton.similarity(), fr.threshold());
        assertThat(lennon.same()).isTrue();
        assertThat(clapton.same()).isTrue();
        for (String a : List.of("lennon-1.jpg", "lennon-2.jpg")) {
            for (String b : List.of("clapton-1.jpg", "clapton-2.jpg")) {
                Verification v = fr.verify(photo(a), photo(b));
                System.out.printf("%s vs %s %.4f%n", a, b, v.similarity());
                assertThat(v.same()).as(a + " vs " + b).isFalse();
            }
        }
    }

    /** One batch call gives the same vectors as one call per face (to 1e-5). */
    @Test
    void batchEqualsSingle() {
        var img = fr.read(photo("longoria-cooper.jpg"));
        List<RecognizedFace> faces = fr.recognizeAll(img);
        assertThat(faces).hasSize(2);
        List<AlignedFace> aligned = new ArrayList<>();
        for (RecognizedFace f : faces) aligned.add(fr.align(img, f.face()));
        List<Embedding> batch = fr.embedder().embedAll(aligned);
        for (int i = 0; i < aligned.size(); i++) {
            float[] single = fr.embedder().embed(aligned.get(i)).values();
            float[] b = batch.get(i).values();
            for (int k = 0; k < single.length; k++) assertThat(b[k]).isCloseTo(single[k], within(1e-5f));
        }
    }

    /** Flip augmentation: the embedding of a mirrored face equals that of the face itself (to 1e-5). */
    @Test
    void flipMakesTheEmbeddingMirrorInvariant() {
        var img = fr.read(photo("lennon-1.jpg"));
        AlignedFace face = fr.align(img, fr.detect(img).get(0));
        try (var flip = new ArcFaceProvider().create(ComponentOptions.empty().with("flip", "true"));
             var plain = new ArcFaceProvider().create(ComponentOptions.empty().with("flip", "false"))) {
            AlignedFace mirrored = new AlignedFace(face.image().mirrored());
            assertThat(flip.embed(face).cosine(flip.embed(mirrored))).isCloseTo(1f, within(1e-5f));
            assertThat(plain.embed(face).cosine(plain.embed(mirrored))).isLessThan(0.9999f);
        }
    }

    /** One recognizer shared by 8 threads gives the same embeddings as one thread. */
    @Test
    void sharedAcrossEightThreadsGivesTheSameEmbeddings() throws Exception {
        List<String> names = List.of("lennon-1.jpg", "lennon-2.jpg", "clapton-1.jpg", "clapton-2.jpg", "adams.jpg",
                "carell.jpg", "paul_rudd.jpg", "kate_siegel.jpg");
        List<float[]> reference = new ArrayList<>();
        for (String n : names) reference.add(fr.recognizeLargest(fr.read(photo(n))).orElseThrow().embedding().values());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String n : names) {
                    futures.add(pool.submit(() -> fr.recognizeLargest(fr.read(photo(n))).orElseThrow().embedding().values()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).as("result %d", i).containsExactly(reference.get(i % names.size()), within(1e-6f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Users can point the embedder at their own ONNX file; its embeddings carry an id derived from the file. */
    @Test
    void ownModelFileRunsAndGetsItsOwnModelId(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path own = dir.resolve("my_arcface.onnx");
        java.nio.file.Files.write(own, org.fr.models.ModelRegistry.bundled().resolve(ArcFaceEmbedder.MODEL_ID).bytes());
        var img = fr.read(photo("lennon-1.jpg"));
        AlignedFace face = fr.align(img, fr.detect(img).get(0));
        try (var mine = new ArcFaceProvider().create(ComponentOptions.empty().with("model", own.toString()))) {
            Embedding e = mine.embed(face);
            assertThat(e.modelId()).startsWith("custom/my_arcface.onnx#");
            Embedding bundled = fr.embedAligned(face);
            float[] a = e.values(), b = bundled.values();
            for (int k = 0; k < a.length; k++) assertThat(a[k]).isCloseTo(b[k], within(1e-6f));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.cosine(bundled))
                    .hasMessageContaining("different models");
        }
    }

    /** A model of the wrong shape is refused when it loads, listing what was expected. */
    @Test
    void wrongModelFileIsRefusedAtLoad(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path wrong = dir.resolve("landmarks.onnx");
        java.nio.file.Files.write(wrong, org.fr.models.ModelRegistry.bundled().resolve("faceplugin/fr_landmark").bytes());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new ArcFaceProvider().create(ComponentOptions.empty().with("model", wrong.toString())))
                .isInstanceOf(org.fr.ModelException.class)
                .hasMessageContaining("landmarks.onnx")
                .hasMessageContaining("input[-1, 3, 112, 112]")
                .hasMessageContaining("found [input[1, 1, 64, 64]]");
    }
}
