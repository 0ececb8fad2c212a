package org.fr.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fr.gallery.GalleryTestData.MODEL;
import static org.fr.gallery.GalleryTestData.assertMatchesReference;
import static org.fr.gallery.GalleryTestData.noisy;
import static org.fr.gallery.GalleryTestData.randomEmbedding;
import static org.fr.gallery.GalleryTestData.randomIdentities;
import static org.fr.gallery.GalleryTestData.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.fr.Embedding;
import org.fr.Gallery.Scoring;
import org.fr.Match;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Searches split across threads (50,000 x 64, above the default threshold) equal the sequential ones exactly. */
class FlatGalleryParallelTest {
    private static final int D = 64;
    private static Map<String, List<Embedding>> ids;
    private static final List<FlatGallery> opened = new ArrayList<>();

    @BeforeAll
    static void data() {
        // 30,000 identities with 1-3 embeddings: about 60,000 rows (MAX) and 30,000 templates (MEAN), both above
        // the default parallel threshold of 4,096.
        ids = randomIdentities(new Random(21), 30_000, 3, D);
    }

    @AfterAll
    static void close() {
        opened.forEach(FlatGallery::close);
    }

    private static FlatGallery build(Scoring scoring, VectorStore store, int parallelism) {
        FlatGallery g = FlatGallery.builder(MODEL, D).scoring(scoring).store(store).parallelism(parallelism).build();
        GalleryTestData.enrolAll(g, ids);
        opened.add(g);
        return g;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Scoring s : Scoring.values()) for (VectorStore v : VectorStore.values()) out.add(Arguments.of(s, v));
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parallelSearchEqualsSequentialSearch(Scoring scoring, VectorStore store) {
        FlatGallery sequential = build(scoring, store, 1);
        FlatGallery parallel = build(scoring, store, 4);
        assertThat(parallel.embeddingCount()).isGreaterThan(FlatGallery.DEFAULT_PARALLEL_THRESHOLD);
        assertThat(parallel.footprint().scannedRows()).isGreaterThanOrEqualTo(FlatGallery.DEFAULT_PARALLEL_THRESHOLD);

        Random rnd = new Random(22);
        List<String> names = new ArrayList<>(ids.keySet());
        int searches = 0;
        for (int q = 0; q < 12; q++) {
            Embedding probe = q % 2 == 0 ? randomEmbedding(rnd, D)
                    : noisy(rnd, ids.get(names.get(rnd.nextInt(names.size()))).get(0), 0.6);
            // k = 2000 under MAX keeps per-identity maxima instead of a heap of k * 3 rows.
            for (int k : new int[] {1, 10, 100, 2000}) {
                List<Match> split = parallel.search(probe, k);
                searches++;
                assertThat(split).as("probe %d, k %d", q, k).isEqualTo(sequential.search(probe, k));
                if (store == VectorStore.FLOAT32 && q < 4) {
                    assertMatchesReference(split, reference(ids, probe, scoring), k);
                }
            }
        }
        assertThat(parallel.parallelScans()).as("searches split across threads").isEqualTo(searches);
        assertThat(sequential.parallelScans()).isZero();
        sequential.close();
        parallel.close();
    }

    @Test
    void forcedParallelismOnASmallGalleryAgreesWithTheReference() {
        Random rnd = new Random(23);
        Map<String, List<Embedding>> small = randomIdentities(rnd, 300, 5, D);
        FlatGallery g = FlatGallery.builder(MODEL, D).parallelism(3).parallelThreshold(0).build();
        opened.add(g);
        GalleryTestData.enrolAll(g, small);
        for (int q = 0; q < 20; q++) {
            Embedding probe = randomEmbedding(rnd, D);
            for (int k : new int[] {1, 5, 50, 300}) {
                assertMatchesReference(g.search(probe, k), reference(small, probe, Scoring.MAX), k);
            }
        }
        assertThat(g.parallelScans()).isEqualTo(80);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void tiesAcrossChunksAreBrokenByName(Scoring scoring, VectorStore store) {
        Random rnd = new Random(24);
        Embedding shared = randomEmbedding(rnd, D);
        FlatGallery g = FlatGallery.builder(MODEL, D).scoring(scoring).store(store).parallelism(3)
                .parallelThreshold(0).build();
        opened.add(g);
        // The three equal identities land in different chunks: first, middle and last rows.
        g.enroll("carol", shared);
        for (int i = 0; i < 150; i++) g.enroll("x" + i, randomEmbedding(rnd, D));
        g.enroll("alice", shared);
        for (int i = 150; i < 300; i++) g.enroll("x" + i, randomEmbedding(rnd, D));
        g.enroll("bob", shared);
        for (int k : new int[] {1, 2, 3, 303}) {
            List<Match> top = g.search(shared, k);
            assertThat(top).extracting(Match::identity)
                    .startsWith(List.of("alice", "bob", "carol").subList(0, Math.min(k, 3)).toArray(String[]::new));
        }
        assertThat(g.parallelScans()).isEqualTo(4);
        if (scoring == Scoring.MEAN) return;
        // Many embeddings on one identity: MAX keeps per-identity maxima, with the same tie rule.
        List<Embedding> crowd = new ArrayList<>();
        for (int i = 0; i < 400; i++) crowd.add(randomEmbedding(rnd, D));
        g.enroll("aaron", crowd, Map.of());
        g.enroll("aaron", shared);
        assertThat(g.search(shared, 4)).extracting(Match::identity).containsExactly("aaron", "alice", "bob", "carol");
        assertThat(g.parallelScans()).isEqualTo(5);
    }
}
