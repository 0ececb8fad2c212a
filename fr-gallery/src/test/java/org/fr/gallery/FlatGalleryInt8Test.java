package org.fr.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fr.gallery.GalleryTestData.MODEL;
import static org.fr.gallery.GalleryTestData.noisy;
import static org.fr.gallery.GalleryTestData.randomEmbedding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.fr.Embedding;
import org.fr.Match;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compact stores against exact float32 search: 20,000 random 512-d unit vectors (one identity each), 200
 * probes (100 noisy copies of enrolled vectors, 100 random vectors), recall@10 and re-ranked similarities.
 */
class FlatGalleryInt8Test {
    private static final int D = 512;
    private static final int N = 20_000;
    private static final int K = 10;
    private static FlatGallery exact;
    private static List<Embedding> enrolled;
    private static List<Embedding> probes;

    @BeforeAll
    static void data() {
        Random rnd = new Random(31);
        enrolled = new ArrayList<>(N);
        exact = FlatGallery.builder(MODEL, D).initialCapacity(N).build();
        for (int i = 0; i < N; i++) {
            Embedding e = randomEmbedding(rnd, D);
            enrolled.add(e);
            exact.enroll(String.format("p%05d", i), e);
        }
        probes = new ArrayList<>();
        for (int i = 0; i < 100; i++) probes.add(noisy(rnd, enrolled.get(rnd.nextInt(N)), 0.8)); // cosine ~0.78
        for (int i = 0; i < 100; i++) probes.add(randomEmbedding(rnd, D));
    }

    @AfterAll
    static void close() {
        exact.close();
    }

    @ParameterizedTest
    @EnumSource(value = VectorStore.class, names = {"INT8", "FLOAT16"})
    void recallAtTenAgainstExactFloat32(VectorStore store) {
        FlatGallery compact = FlatGallery.of(exact.snapshot(), store);
        assertThat(compact.store()).isEqualTo(store);
        int hits = 0;
        int rerankedChecked = 0;
        for (Embedding probe : probes) {
            List<Match> truth = exact.search(probe, K);
            List<Match> approx = compact.search(probe, K);
            assertThat(approx).hasSize(K);
            Map<String, Float> truthScores = new HashMap<>();
            truth.forEach(m -> truthScores.put(m.identity(), m.similarity()));
            Set<String> found = new HashSet<>();
            for (Match m : approx) {
                found.add(m.identity());
                Float t = truthScores.get(m.identity());
                if (t != null) {
                    assertThat(m.similarity()).as("re-ranked similarity of %s", m.identity())
                            .isCloseTo(t, within(1e-6f));
                    rerankedChecked++;
                }
                // Whatever it returns, the similarity is the exact one.
                assertThat((double) m.similarity()).isCloseTo(GalleryTestData.dot(probe.values(),
                        enrolled.get(Integer.parseInt(m.identity().substring(1))).values()), within(1e-5));
            }
            found.retainAll(truthScores.keySet());
            hits += found.size();
        }
        double recall = hits / (double) (probes.size() * K);
        VectorStore f32 = VectorStore.FLOAT32;
        FlatGallery.Footprint fp = compact.footprint();
        System.out.printf("%s store: recall@%d = %.4f over %d probes on %d x %d; scanned %d bytes/row (float32 %d),"
                        + " %.1f MB scanned per search; %.1f MB of vector arrays on the heap (float32 gallery %.1f MB),"
                        + " %.1f MB of float32 re-ranking rows mapped outside it%n",
                store, K, recall, probes.size(), N, D, fp.scannedBytesPerRow(), f32.scannedBytesPerRow(D),
                fp.scannedBytes() / 1e6, fp.allocatedBytes() / 1e6, exact.footprint().allocatedBytes() / 1e6,
                fp.mappedBytes() / 1e6);
        assertThat(recall).isGreaterThanOrEqualTo(0.99);
        assertThat(rerankedChecked).isGreaterThanOrEqualTo((int) (0.99 * probes.size() * K));
        assertThat(fp.scannedRows()).isEqualTo(N);
        if (store == VectorStore.INT8) {
            assertThat(fp.scannedBytesPerRow()).isEqualTo(D + 4);
            assertThat((double) fp.scannedBytesPerRow() / f32.scannedBytesPerRow(D)).isLessThan(0.26);
            // a quarter of the heap: the float32 rows for re-ranking live in a mapped file, not on the heap
            assertThat((double) fp.allocatedBytes() / exact.footprint().allocatedBytes()).isLessThan(0.26);
        } else {
            assertThat(fp.scannedBytesPerRow()).isEqualTo(2 * D);
        }
        // The noisy copies find their source first.
        for (int i = 0; i < 100; i++) {
            assertThat(compact.search(probes.get(i), 1)).isEqualTo(exact.search(probes.get(i), 1));
        }
    }
}
