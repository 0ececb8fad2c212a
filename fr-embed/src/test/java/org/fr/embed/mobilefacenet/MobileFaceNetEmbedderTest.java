package org.fr.embed.mobilefacenet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
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
import org.fr.ModelException;
import org.fr.RecognizedFace;
import org.fr.TestData;
import org.fr.Verification;
import org.fr.models.ModelRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mobilefacenet embedder (TFLite model through the importer) through the FaceRecognizer facade, on real photos. */
class MobileFaceNetEmbedderTest {
    private static FaceRecognizer fr;

    @BeforeAll
    static void load() {
        fr = FaceRecognizer.builder().detector("ultraface").embedder("mobilefacenet").build();
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
        assertThat(e.dimension()).isEqualTo(192);
        assertThat(fr.embedder().dimension()).isEqualTo(192);
        assertThat(e.modelId()).isEqualTo(MobileFaceNetEmbedder.MODEL_ID);
        double norm = 0;
        for (float v : e.values()) norm += v * v;
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void samePeopleVerifyAsSameAndCrossPairsAsDifferent() {
        assertThat(fr.threshold()).isEqualTo(MobileFaceNetProvider.DEFAULT_THRESHOLD);
        Verification lennon = fr.verify(photo("lennon-1.jpg"), photo("lennon-2.jpg"));
        Verification clapton = fr.verify(photo("clapton-1.jpg"), photo("clapton-2.jpg"));
        System.out.printf("mobilefacenet: lennon %.4f clapton %.4f threshold %.4f%n", lennon.similarity(), clapton.similarity(), fr.threshold());
        assertThat(lennon.same()).isTrue();
        assertThat(clapton.same()).isTrue();
        for (String a : List.of("lennon-1.jpg", "lennon-2.jpg")) {
            for (String b : List.of("clapton-1.jpg", "clapton-2.jpg")) {
                Verification v = fr.verify(photo(a), photo(b));
                System.out.printf("mobilefacenet: %s vs %s %.4f%n", a, b, v.similarity());
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
        aligned.add(aligned.get(0));
        List<Embedding> batch = fr.embedder().embedAll(aligned);
        assertThat(batch).hasSize(3);
        for (int i = 0; i < aligned.size(); i++) {
            float[] single = fr.embedder().embed(aligned.get(i)).values();
            assertThat(batch.get(i).values()).containsExactly(single, within(1e-5f));
        }
        assertThat(batch.get(0).cosine(batch.get(1))).isLessThan(fr.threshold());
    }

    /** One recognizer shared by 8 threads gives the same embeddings as one thread. */
    @Test
    void sharedAcrossEightThreadsGivesTheSameEmbeddings() throws Exception {
        List<String> names = List.of("lennon-1.jpg", "lennon-2.jpg", "clapton-1.jpg", "clapton-2.jpg");
        List<float[]> reference = new ArrayList<>();
        for (String n : names) reference.add(fr.recognizeLargest(fr.read(photo(n))).orElseThrow().embedding().values());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String n : names) futures.add(pool.submit(() -> fr.recognizeLargest(fr.read(photo(n))).orElseThrow().embedding().values()));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).as("result %d", i).containsExactly(reference.get(i % names.size()), within(1e-6f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Users can point the embedder at their own TFLite file; its embeddings carry an id derived from the file. */
    @Test
    void ownModelFileRunsAndGetsItsOwnModelId(@TempDir Path dir) throws Exception {
        Path own = dir.resolve("my_mobilefacenet.tflite");
        Files.write(own, ModelRegistry.bundled().resolve(MobileFaceNetEmbedder.MODEL_ID).bytes());
        var img = fr.read(photo("lennon-1.jpg"));
        AlignedFace face = fr.align(img, fr.detect(img).get(0));
        try (var mine = new MobileFaceNetProvider().create(ComponentOptions.empty().with("model", own.toString()))) {
            Embedding e = mine.embed(face);
            assertThat(e.modelId()).startsWith("custom/my_mobilefacenet.tflite#");
            assertThat(mine.calibratedThresholds()).isEmpty();
            assertThat(e.values()).containsExactly(fr.embedAligned(face).values(), within(1e-6f));
        }
    }

    /** A TFLite model of another signature is refused when it loads, naming what was expected. */
    @Test
    void wrongModelFileIsRefusedAtLoad(@TempDir Path dir) throws Exception {
        Path wrong = dir.resolve("rnet.tflite");
        Files.write(wrong, ModelRegistry.bundled().resolve("expo/rnet").bytes());
        assertThatThrownBy(() -> new MobileFaceNetProvider().create(ComponentOptions.empty().with("model", wrong.toString())))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("rnet.tflite")
                .hasMessageContaining("one input and one output");
    }
}
