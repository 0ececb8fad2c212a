package org.fr.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fr.Embedding;
import org.fr.Match;
import org.junit.jupiter.api.Test;

class InMemoryGalleryTest {
    private static final String MODEL = "test/model";

    private static Embedding random(Random r, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) v[i] = (float) r.nextGaussian();
        return Embedding.normalised(MODEL, v);
    }

    /** Exact search checked against a brute-force ranking computed here. */
    @Test
    void identifyRanksByBestEmbeddingLikeBruteForce() {
        Random r = new Random(7);
        InMemoryGallery g = new InMemoryGallery(MODEL, 64);
        Embedding[][] per = new Embedding[50][3];
        for (int p = 0; p < 50; p++) {
            for (int j = 0; j < 3; j++) {
                per[p][j] = random(r, 64);
                g.enroll("p" + p, per[p][j]);
            }
        }
        Embedding probe = random(r, 64);
        List<Match> top = g.identify(probe, 5);
        float[] best = new float[50];
        for (int p = 0; p < 50; p++) {
            best[p] = -1;
            for (Embedding e : per[p]) best[p] = Math.max(best[p], probe.cosine(e));
        }
        Integer[] order = new Integer[50];
        for (int i = 0; i < 50; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Float.compare(best[b], best[a]));
        assertThat(top).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(top.get(i).identity()).isEqualTo("p" + order[i]);
            assertThat(top.get(i).similarity()).isEqualTo(best[order[i]]);
        }
    }

    @Test
    void decideSaysUnknownBelowThreshold() {
        Random r = new Random(1);
        InMemoryGallery g = new InMemoryGallery(MODEL, 32);
        Embedding alice = random(r, 32);
        g.enroll("alice", alice);
        assertThat(g.decide(alice, 0.9f)).isNotNull().extracting(Match::identity).isEqualTo("alice");
        assertThat(g.decide(random(r, 32), 0.9f)).isNull();
    }

    @Test
    void refusesOtherModelsAndDimensions() {
        InMemoryGallery g = new InMemoryGallery(MODEL, 4);
        assertThatThrownBy(() -> g.enroll("x", Embedding.normalised("other", new float[] {1, 0, 0, 0})))
                .hasMessageContaining("other").hasMessageContaining(MODEL);
        assertThatThrownBy(() -> g.identify(Embedding.normalised(MODEL, new float[] {1, 0, 0}), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removeAndList() {
        InMemoryGallery g = new InMemoryGallery(MODEL, 2);
        g.enroll("b", Embedding.normalised(MODEL, new float[] {1, 0}));
        g.enroll("a", Embedding.normalised(MODEL, new float[] {0, 1}));
        assertThat(g.identities()).containsExactly("a", "b");
        assertThat(g.remove("a")).isTrue();
        assertThat(g.remove("a")).isFalse();
        assertThat(g.size()).isEqualTo(1);
    }

    @Test
    void concurrentSearchWhileEnrolling() throws Exception {
        InMemoryGallery g = new InMemoryGallery(MODEL, 16);
        Random r = new Random(3);
        Embedding fixed = random(r, 16);
        g.enroll("fixed", fixed);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = pool.submit(() -> {
                Random wr = new Random(9);
                for (int i = 0; i < 2000; i++) g.enroll("p" + i, random(wr, 16));
            });
            Future<Boolean> reader = pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    if (!g.identify(fixed, 1).get(0).identity().equals("fixed")) return false;
                }
                return true;
            });
            writer.get();
            assertThat(reader.get()).isTrue();
            assertThat(g.size()).isEqualTo(2001);
        } finally {
            pool.shutdownNow();
        }
    }
}
