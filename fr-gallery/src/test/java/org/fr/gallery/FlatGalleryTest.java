package org.fr.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
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
import org.fr.GalleryIdentity;
import org.fr.Identification;
import org.fr.Match;
import org.fr.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FlatGalleryTest {
    private static FlatGallery gallery(int d, Scoring scoring, VectorStore store) {
        return FlatGallery.builder(MODEL, d).scoring(scoring).store(store).parallelism(1).build();
    }

    static Stream<Arguments> scoringsAndStores() {
        List<Arguments> out = new ArrayList<>();
        for (Scoring s : Scoring.values()) for (VectorStore v : VectorStore.values()) out.add(Arguments.of(s, v));
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("scoringsAndStores")
    void searchEqualsABruteForceReference(Scoring scoring, VectorStore store) {
        Random rnd = new Random(11);
        int d = 61; // not a multiple of the kernels' unrolling
        Map<String, List<Embedding>> ids = randomIdentities(rnd, 200, 5, d);
        FlatGallery g = gallery(d, scoring, store);
        GalleryTestData.enrolAll(g, ids);
        assertThat(g.size()).isEqualTo(200);
        assertThat(g.embeddingCount()).isEqualTo(ids.values().stream().mapToInt(List::size).sum());

        List<String> names = new ArrayList<>(ids.keySet());
        for (int q = 0; q < 40; q++) {
            Embedding probe = q % 2 == 0
                    ? randomEmbedding(rnd, d)
                    : noisy(rnd, ids.get(names.get(rnd.nextInt(names.size()))).get(0), 0.5);
            List<GalleryTestData.Ref> ref = reference(ids, probe, scoring);
            for (int k : new int[] {1, 5, 50, 200, 250}) {
                assertMatchesReference(g.search(probe, k), ref, k);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(VectorStore.class)
    void anIdentityWithManyEmbeddingsIsScoredByItsBestOne(VectorStore store) {
        // One identity with 300 embeddings: k * maxPerIdentity is large, so MAX uses per-identity maxima.
        Random rnd = new Random(12);
        int d = 32;
        Map<String, List<Embedding>> ids = randomIdentities(rnd, 40, 2, d);
        List<Embedding> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) many.add(randomEmbedding(rnd, d));
        ids.put("crowd", many);
        FlatGallery g = gallery(d, Scoring.MAX, store);
        GalleryTestData.enrolAll(g, ids);
        for (int q = 0; q < 30; q++) {
            Embedding probe = q % 3 == 0 ? noisy(rnd, many.get(rnd.nextInt(300)), 0.3) : randomEmbedding(rnd, d);
            List<GalleryTestData.Ref> ref = reference(ids, probe, Scoring.MAX);
            for (int k : new int[] {1, 3, 10, 41, 100}) assertMatchesReference(g.search(probe, k), ref, k);
        }
    }

    @ParameterizedTest
    @MethodSource("scoringsAndStores")
    void exactTiesAreBrokenByName(Scoring scoring, VectorStore store) {
        Random rnd = new Random(13);
        int d = 16;
        FlatGallery g = gallery(d, scoring, store);
        Embedding shared = randomEmbedding(rnd, d);
        for (String name : List.of("carol", "alice", "bob")) g.enroll(name, shared);
        for (int i = 0; i < 20; i++) g.enroll("other-" + i, randomEmbedding(rnd, d));
        List<Match> top = g.search(shared, 3);
        assertThat(top).extracting(Match::identity).containsExactly("alice", "bob", "carol");
        assertThat(top).allSatisfy(m -> assertThat(m.similarity()).isCloseTo(1f, within(1e-6f)));
        assertThat(top.get(0).similarity()).isEqualTo(top.get(2).similarity());
        assertThat(g.search(shared, 1)).extracting(Match::identity).containsExactly("alice");
    }

    @Test
    void meanScoringUsesTheNormalisedMeanTemplate() {
        FlatGallery max = FlatGallery.builder(MODEL, 2).build();
        FlatGallery mean = FlatGallery.builder(MODEL, 2).scoring(Scoring.MEAN).build();
        List<Embedding> twoPoses = List.of(Embedding.normalised(MODEL, new float[] {1, 0}),
                Embedding.normalised(MODEL, new float[] {0, 1}));
        max.enroll("a", twoPoses, Map.of());
        mean.enroll("a", twoPoses, Map.of());
        Embedding probe = Embedding.normalised(MODEL, new float[] {1, 0});
        assertThat(max.search(probe, 1).get(0).similarity()).isCloseTo(1f, within(1e-6f));
        assertThat(mean.search(probe, 1).get(0).similarity()).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
        assertThat(mean.verify(probe, "a").similarity()).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
        // A third embedding moves the template: mean of (1,0),(0,1),(1,0) = (2,1)/sqrt(5).
        mean.enroll("a", probe);
        assertThat(mean.verify(probe, "a").similarity()).isCloseTo((float) (2 / Math.sqrt(5)), within(1e-6f));
        assertThat(mean.scoring()).isEqualTo(Scoring.MEAN);
        assertThat(max.scoring()).isEqualTo(Scoring.MAX);
    }

    @ParameterizedTest
    @EnumSource(Scoring.class)
    void identifyNamesAnIdentityAboveTheThresholdAndUnknownBelow(Scoring scoring) {
        Random rnd = new Random(14);
        int d = 128;
        FlatGallery g = FlatGallery.builder(MODEL, d).threshold(0.5f).scoring(scoring).build();
        Embedding alice = randomEmbedding(rnd, d);
        g.enroll("alice", alice);
        for (int i = 0; i < 50; i++) g.enroll("p" + i, randomEmbedding(rnd, d));

        Embedding sameFace = noisy(rnd, alice, 0.5); // cosine about 0.9
        Identification known = g.identify(sameFace, 5);
        assertThat(known.unknown()).isFalse();
        assertThat(known.identity()).contains("alice");
        assertThat(known.threshold()).isEqualTo(0.5f);
        assertThat(known.candidates()).hasSize(5);

        Embedding stranger = randomEmbedding(rnd, d); // cosine about 0 +- 0.09 with everyone
        Identification unknown = g.identify(stranger, 5);
        assertThat(unknown.unknown()).isTrue();
        assertThat(unknown.identity()).isEmpty();
        assertThat(unknown.candidates()).hasSize(5);
        // The per-call threshold overrides the gallery's.
        assertThat(g.identify(stranger, 1, -1f).unknown()).isFalse();

        Verification same = g.verify(sameFace, "alice");
        assertThat(same.same()).isTrue();
        assertThat(same.threshold()).isEqualTo(0.5f);
        assertThat((double) same.similarity()).isCloseTo(GalleryTestData.dot(sameFace.values(), alice.values()),
                within(1e-5));
        assertThat(g.verify(stranger, "alice").same()).isFalse();
        assertThatThrownBy(() -> g.verify(sameFace, "nobody")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void verifyUnderMaxTakesTheBestEmbedding() {
        Random rnd = new Random(15);
        int d = 64;
        FlatGallery g = FlatGallery.builder(MODEL, d).store(VectorStore.INT8).build();
        Embedding e1 = randomEmbedding(rnd, d);
        Embedding e2 = randomEmbedding(rnd, d);
        g.enroll("x", List.of(e1, e2), Map.of());
        Embedding probe = noisy(rnd, e2, 0.4);
        double expected = Math.max(GalleryTestData.dot(probe.values(), e1.values()),
                GalleryTestData.dot(probe.values(), e2.values()));
        assertThat((double) g.verify(probe, "x").similarity()).isCloseTo(expected, within(1e-6));
    }

    @Test
    void defaultsAndSettings() {
        FlatGallery g = FlatGallery.builder(MODEL, 8).build();
        assertThat(g.threshold()).isEqualTo(0.262f).isEqualTo(FlatGallery.DEFAULT_THRESHOLD);
        assertThat(g.scoring()).isEqualTo(Scoring.MAX);
        assertThat(g.store()).isEqualTo(VectorStore.FLOAT32);
        assertThat(g.modelId()).isEqualTo(MODEL);
        assertThat(g.dimension()).isEqualTo(8);
        assertThat(g.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(g.size()).isZero();
        assertThat(g.search(randomEmbedding(new Random(1), 8), 3)).isEmpty();
        assertThatThrownBy(() -> FlatGallery.builder(MODEL, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatGallery.builder(MODEL, 8).threshold(1.5f))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatGallery.builder(MODEL, 8).threshold(Float.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatGallery.builder(MODEL, 8).parallelism(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.search(randomEmbedding(new Random(1), 8), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k must be at least 1");
    }

    @Test
    void otherModelsAndDimensionsAreRefusedNamingBoth() {
        FlatGallery g = FlatGallery.builder(MODEL, 4).build();
        g.enroll("a", Embedding.normalised(MODEL, new float[] {1, 0, 0, 0}));
        Embedding otherModel = Embedding.normalised("arcface-r100", new float[] {1, 0, 0, 0});
        Embedding otherDim = Embedding.normalised(MODEL, new float[] {1, 0, 0});

        assertThatThrownBy(() -> g.enroll("b", otherModel)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arcface-r100/4").hasMessageContaining(MODEL + "/4");
        assertThatThrownBy(() -> g.enroll("b", otherDim)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MODEL + "/3").hasMessageContaining(MODEL + "/4");
        assertThatThrownBy(() -> g.search(otherModel, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arcface-r100/4").hasMessageContaining(MODEL + "/4");
        assertThatThrownBy(() -> g.search(otherDim, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MODEL + "/3").hasMessageContaining(MODEL + "/4");
        assertThatThrownBy(() -> g.verify(otherModel, "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arcface-r100/4");
        // A refused enrolment changes nothing, even when some of its embeddings were fine.
        Embedding ok = Embedding.normalised(MODEL, new float[] {0, 1, 0, 0});
        assertThatThrownBy(() -> g.enroll("b", List.of(ok, otherDim), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(g.identities()).containsExactly("a");
        assertThat(g.embeddingCount()).isEqualTo(1);
    }

    @Test
    void blankNamesAndEmptyEnrolmentsAreRefused() {
        FlatGallery g = FlatGallery.builder(MODEL, 2).build();
        Embedding e = Embedding.normalised(MODEL, new float[] {1, 1});
        assertThatThrownBy(() -> g.enroll(" ", e)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.enroll(null, e)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> g.enroll("a", List.of(), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no embeddings");
        g.enroll("a", e);
        assertThatThrownBy(() -> g.rename("a", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(g.identities()).containsExactly("a");
    }

    @Test
    void metadataMergesOnEnrolmentLaterValuesWin() {
        Random rnd = new Random(16);
        FlatGallery g = FlatGallery.builder(MODEL, 8).build();
        Embedding e1 = randomEmbedding(rnd, 8);
        Embedding e2 = randomEmbedding(rnd, 8);
        g.enroll("ann", List.of(e1), Map.of("dept", "sales", "badge", "17"));
        g.enroll("ann", List.of(e2), Map.of("dept", "legal", "floor", "3"));
        GalleryIdentity ann = g.get("ann").orElseThrow();
        assertThat(ann.metadata())
                .containsExactlyInAnyOrderEntriesOf(Map.of("dept", "legal", "badge", "17", "floor", "3"));
        assertThat(ann.embeddings()).containsExactly(e1, e2); // enrolment order, exact values
        assertThat(g.get("bob")).isEmpty();
        assertThat(g.embeddingCount()).isEqualTo(2);
        assertThat(g.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("scoringsAndStores")
    void renameAndRemoveChangeSearchResults(Scoring scoring, VectorStore store) {
        Random rnd = new Random(17);
        int d = 48;
        Map<String, List<Embedding>> ids = randomIdentities(rnd, 60, 4, d);
        FlatGallery g = gallery(d, scoring, store);
        GalleryTestData.enrolAll(g, ids);
        Embedding probe = noisy(rnd, ids.get("id-00007").get(0), 0.2);
        assertThat(g.search(probe, 1).get(0).identity()).isEqualTo("id-00007");

        assertThat(g.rename("id-00007", "zoe")).isTrue();
        assertThat(g.search(probe, 1).get(0).identity()).isEqualTo("zoe");
        assertThat(g.identities()).contains("zoe").doesNotContain("id-00007");
        assertThat(g.rename("id-00007", "x")).isFalse();
        assertThatThrownBy(() -> g.rename("zoe", "id-00008")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id-00008");
        assertThat(g.rename("zoe", "zoe")).isTrue();
        ids.put("zoe", ids.remove("id-00007"));

        // Remove several identities, including the last-enrolled ones (whose rows and slots get moved).
        for (String name : List.of("zoe", "id-00059", "id-00000", "id-00031", "id-00058")) {
            assertThat(g.remove(name)).isTrue();
            ids.remove(name);
        }
        assertThat(g.remove("zoe")).isFalse();
        assertThat(g.search(probe, 1).get(0).identity()).isNotEqualTo("zoe");
        assertThat(g.size()).isEqualTo(55);
        assertThat(g.embeddingCount()).isEqualTo(ids.values().stream().mapToInt(List::size).sum());
        assertThat(g.identities()).isSorted().containsExactlyInAnyOrderElementsOf(ids.keySet());
        for (var entry : ids.entrySet()) {
            assertThat(g.get(entry.getKey()).orElseThrow().embeddings()).containsExactlyElementsOf(entry.getValue());
        }
        for (int q = 0; q < 20; q++) {
            Embedding p = randomEmbedding(rnd, d);
            for (int k : new int[] {1, 5, 60}) assertMatchesReference(g.search(p, k), reference(ids, p, scoring), k);
        }
        // Every remaining embedding still finds its own identity first (MAX), and re-enrolling works.
        if (scoring == Scoring.MAX) {
            ids.forEach((name, list) -> list.forEach(e -> assertThat(g.search(e, 1).get(0)).satisfies(m -> {
                assertThat(m.identity()).isEqualTo(name);
                assertThat(m.similarity()).isCloseTo(1f, within(1e-6f));
            })));
        }
        Embedding back = randomEmbedding(rnd, d);
        g.enroll("zoe", back);
        assertThat(g.search(back, 1).get(0).identity()).isEqualTo("zoe");
        assertThat(g.size()).isEqualTo(56);
    }

    @ParameterizedTest
    @MethodSource("scoringsAndStores")
    void snapshotRoundTripGivesIdenticalResults(Scoring scoring, VectorStore store) {
        Random rnd = new Random(18);
        int d = 40;
        Map<String, List<Embedding>> ids = randomIdentities(rnd, 80, 3, d);
        FlatGallery g = FlatGallery.builder(MODEL, d).threshold(0.4f).scoring(scoring).store(store).build();
        // Enrol in shuffled name order, one embedding at a time, with metadata.
        List<String> order = new ArrayList<>(ids.keySet());
        java.util.Collections.shuffle(order, rnd);
        for (String name : order) {
            for (Embedding e : ids.get(name)) g.enroll(name, List.of(e), Map.of("name", name));
        }
        g.remove(order.get(0));

        GallerySnapshot snap = g.snapshot();
        assertThat(snap.modelId()).isEqualTo(MODEL);
        assertThat(snap.dimension()).isEqualTo(d);
        assertThat(snap.threshold()).isEqualTo(0.4f);
        assertThat(snap.scoring()).isEqualTo(scoring);
        assertThat(snap.identities()).extracting(GalleryIdentity::name).isSorted().hasSize(79);
        assertThat(snap.embeddingCount()).isEqualTo(g.embeddingCount());
        for (GalleryIdentity id : snap.identities()) {
            assertThat(id.embeddings()).containsExactlyElementsOf(ids.get(id.name()));
            assertThat(id.metadata()).containsExactlyEntriesOf(Map.of("name", id.name()));
        }

        FlatGallery copy = FlatGallery.of(snap, store);
        FlatGallery f32 = FlatGallery.of(snap);
        assertThat(copy.snapshot()).isEqualTo(snap);
        assertThat(f32.store()).isEqualTo(VectorStore.FLOAT32);
        assertThat(copy.threshold()).isEqualTo(0.4f);
        assertThat(copy.scoring()).isEqualTo(scoring);
        for (int q = 0; q < 30; q++) {
            Embedding p = randomEmbedding(rnd, d);
            assertThat(copy.search(p, 10)).isEqualTo(g.search(p, 10));
            assertThat(copy.identify(p, 3)).isEqualTo(g.identify(p, 3));
        }
        // A builder from a snapshot can override the settings.
        FlatGallery strict = FlatGallery.builder(snap).threshold(0.9f).build();
        assertThat(strict.threshold()).isEqualTo(0.9f);
        assertThat(strict.identities()).isEqualTo(g.identities());
    }

    @ParameterizedTest
    @EnumSource(Scoring.class)
    void footprintReportsTheScannedStore(Scoring scoring) {
        Random rnd = new Random(19);
        int d = 512;
        FlatGallery f32 = FlatGallery.builder(MODEL, d).scoring(scoring).build();
        FlatGallery i8 = FlatGallery.builder(MODEL, d).scoring(scoring).store(VectorStore.INT8).build();
        FlatGallery f16 = FlatGallery.builder(MODEL, d).scoring(scoring).store(VectorStore.FLOAT16).build();
        for (int i = 0; i < 100; i++) {
            List<Embedding> two = List.of(randomEmbedding(rnd, d), randomEmbedding(rnd, d));
            for (FlatGallery g : List.of(f32, i8, f16)) g.enroll("p" + i, two, Map.of());
        }
        int scanned = scoring == Scoring.MAX ? 200 : 100;
        assertThat(f32.footprint().scannedRows()).isEqualTo(scanned);
        assertThat(f32.footprint().scannedBytesPerRow()).isEqualTo(4L * d);
        assertThat(i8.footprint().scannedBytesPerRow()).isEqualTo(d + 4L);
        assertThat(f16.footprint().scannedBytesPerRow()).isEqualTo(2L * d);
        assertThat(i8.footprint().scannedBytes()).isEqualTo(scanned * (d + 4L));
        // the compact stores keep their float32 rows for re-ranking outside the heap
        assertThat(i8.footprint().allocatedBytes()).isLessThan(f32.footprint().allocatedBytes());
        assertThat(f32.footprint().allocatedBytes()).isGreaterThanOrEqualTo(200L * 4 * d);
        assertThat(f32.footprint().mappedBytes()).isZero();
        assertThat(i8.footprint().mappedBytes()).isGreaterThanOrEqualTo(scanned * 4L * d);
        if (scoring == Scoring.MAX) {
            assertThat((double) i8.footprint().allocatedBytes() / f32.footprint().allocatedBytes()).isLessThan(0.26);
        }
    }

    @Test
    void closedGalleriesStillAnswer() {
        Random rnd = new Random(20);
        FlatGallery g = FlatGallery.builder(MODEL, 8).parallelism(2).parallelThreshold(0).build();
        Embedding e = randomEmbedding(rnd, 8);
        g.enroll("a", e);
        g.enroll("b", randomEmbedding(rnd, 8));
        assertThat(g.search(e, 1).get(0).identity()).isEqualTo("a");
        g.close();
        g.close();
        assertThat(g.search(e, 1).get(0).identity()).isEqualTo("a");
    }
}
