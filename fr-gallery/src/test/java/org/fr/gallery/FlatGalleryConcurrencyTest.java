package org.fr.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fr.gallery.GalleryTestData.MODEL;
import static org.fr.gallery.GalleryTestData.randomEmbedding;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.fr.Embedding;
import org.fr.Gallery.Scoring;
import org.fr.Match;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acceptance check: 8 threads search while 2 threads enrol (and, past a cap, remove their oldest identities, so the
 * gallery keeps changing without growing without bound) for a fixed duration; no exception, every embedding still
 * enrolled afterwards is found at rank 1 with similarity 1, removed identities are gone, counts add up.
 *
 * <p>The duration is {@code -Dfr.gallery.stressSeconds} (default 5 per store). The full 30-second run:
 * <pre>mvn -B -o -pl fr-gallery test -Dtest=FlatGalleryConcurrencyTest -Dfr.gallery.stressSeconds=30</pre>
 */
class FlatGalleryConcurrencyTest {
    private static final int D = 64;
    private static final int SEARCHERS = 8;
    private static final int WRITERS = 2;
    private static final int ANCHORS = 300;
    private static final int LIVE_CAP_PER_WRITER = 1500;

    private record Writer(Map<String, List<Embedding>> live, List<String> removed, AtomicLong enrolments) {}

    @ParameterizedTest
    @EnumSource(value = VectorStore.class, names = {"FLOAT32", "INT8"})
    void searchesWhileEnrollingAndRemoving(VectorStore store) throws Exception {
        long seconds = Long.getLong("fr.gallery.stressSeconds", 5);
        // A low parallel threshold so that searches also go through the helper threads.
        FlatGallery g = FlatGallery.builder(MODEL, D).scoring(Scoring.MAX).store(store).parallelism(2)
                .parallelThreshold(1000).build();
        Random seed = new Random(41);
        Map<String, Embedding> anchors = new LinkedHashMap<>();
        for (int i = 0; i < ANCHORS; i++) {
            Embedding e = randomEmbedding(seed, D);
            anchors.put("anchor-" + i, e);
            g.enroll("anchor-" + i, e);
        }
        List<String> anchorNames = new ArrayList<>(anchors.keySet());

        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong searches = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Writer> writers = new ArrayList<>();

        for (int w = 0; w < WRITERS; w++) {
            Writer writer = new Writer(new LinkedHashMap<>(), new ArrayList<>(), new AtomicLong());
            writers.add(writer);
            int id = w;
            threads.add(new Thread(() -> {
                Random rnd = new Random(100 + id);
                ArrayDeque<String> oldest = new ArrayDeque<>();
                try {
                    start.await();
                    for (long i = 0; System.nanoTime() < deadline; i++) {
                        String name = "w" + id + "-" + i;
                        List<Embedding> embeddings = new ArrayList<>();
                        int n = 1 + rnd.nextInt(2);
                        for (int j = 0; j < n; j++) embeddings.add(randomEmbedding(rnd, D));
                        g.enroll(name, embeddings, Map.of("writer", String.valueOf(id)));
                        writer.live().put(name, embeddings);
                        oldest.add(name);
                        writer.enrolments().incrementAndGet();
                        if (i % 7 == 0 && i > 0) { // grow an existing identity too
                            String some = oldest.peekLast();
                            Embedding more = randomEmbedding(rnd, D);
                            g.enroll(some, List.of(more), Map.of("grown", "yes"));
                            writer.live().get(some).add(more);
                        }
                        if (oldest.size() > LIVE_CAP_PER_WRITER) {
                            String gone = oldest.poll();
                            if (!g.remove(gone)) throw new AssertionError("could not remove " + gone);
                            writer.live().remove(gone);
                            writer.removed().add(gone);
                        }
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "writer-" + w));
        }
        for (int s = 0; s < SEARCHERS; s++) {
            int id = s;
            threads.add(new Thread(() -> {
                Random rnd = new Random(200 + id);
                try {
                    start.await();
                    while (System.nanoTime() < deadline) {
                        String anchor = anchorNames.get(rnd.nextInt(ANCHORS));
                        int k = 1 + rnd.nextInt(20);
                        List<Match> top = g.search(anchors.get(anchor), k);
                        checkRanking(top, k);
                        if (!top.get(0).identity().equals(anchor) || Math.abs(top.get(0).similarity() - 1f) > 1e-6f) {
                            throw new AssertionError("anchor " + anchor + " not first: " + top);
                        }
                        List<Match> random = g.search(randomEmbedding(rnd, D), k);
                        checkRanking(random, k);
                        if (rnd.nextInt(16) == 0 && !g.verify(anchors.get(anchor), anchor).same()) {
                            throw new AssertionError("anchor " + anchor + " does not verify");
                        }
                        searches.addAndGet(2);
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "searcher-" + s));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) t.join();

        assertThat(errors).as("errors in the threads").isEmpty();
        long enrolments = writers.stream().mapToLong(w -> w.enrolments().get()).sum();
        long removals = writers.stream().mapToLong(w -> w.removed().size()).sum();
        System.out.printf("%s: %d s, %d searches, %d enrolments, %d removals, final %d identities / %d embeddings%n",
                store, seconds, searches.get(), enrolments, removals, g.size(), g.embeddingCount());
        assertThat(searches.get()).isPositive();
        assertThat(enrolments).isPositive();

        // Counts add up.
        Set<String> expectedNames = new TreeSet<>(anchors.keySet());
        int expectedEmbeddings = ANCHORS;
        for (Writer w : writers) {
            expectedNames.addAll(w.live().keySet());
            expectedEmbeddings += w.live().values().stream().mapToInt(List::size).sum();
            assertThat(w.live().size() + w.removed().size()).isEqualTo(w.enrolments().get());
        }
        assertThat(g.size()).isEqualTo(expectedNames.size());
        assertThat(g.embeddingCount()).isEqualTo(expectedEmbeddings);
        assertThat(g.identities()).containsExactlyElementsOf(expectedNames);
        Set<String> removedNames = new HashSet<>();
        writers.forEach(w -> removedNames.addAll(w.removed()));
        for (String gone : removedNames) assertThat(g.get(gone)).as(gone).isEmpty();

        // Every enrolled embedding is found at rank 1, with similarity 1, and its record is intact.
        anchors.forEach((name, e) -> assertFoundFirst(g, name, e));
        for (Writer w : writers) {
            w.live().forEach((name, list) -> {
                list.forEach(e -> assertFoundFirst(g, name, e));
                assertThat(g.get(name).orElseThrow().embeddings()).containsExactlyElementsOf(list);
            });
        }
        g.close();
    }

    private static void assertFoundFirst(FlatGallery g, String name, Embedding e) {
        Match top = g.search(e, 1).get(0);
        assertThat(top.identity()).isEqualTo(name);
        assertThat(top.similarity()).isCloseTo(1f, within(1e-6f));
    }

    /** Best first, distinct identities, at most k (the gallery always holds the anchors, so at least one). */
    private static void checkRanking(List<Match> top, int k) {
        if (top.isEmpty() || top.size() > k) throw new AssertionError("size " + top.size() + " for k " + k);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < top.size(); i++) {
            if (!seen.add(top.get(i).identity())) throw new AssertionError("duplicate identity in " + top);
            if (i > 0 && top.get(i).similarity() > top.get(i - 1).similarity()) {
                throw new AssertionError("not sorted: " + top);
            }
        }
    }
}
