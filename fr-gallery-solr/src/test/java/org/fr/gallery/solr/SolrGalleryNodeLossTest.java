package org.fr.gallery.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.solr.embedded.JettySolrRunner;
import org.fr.Embedding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node of the three-node cluster (the one leading shard1) is hard-stopped while one thread searches and another
 * enrols: every search answers, correctly, and every acknowledged enrolment is found afterwards.
 */
class SolrGalleryNodeLossTest {
    private static SolrTestCluster solr;

    @BeforeAll
    static void startCluster() throws Exception {
        solr = new SolrTestCluster();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (solr != null) solr.close();
    }

    @Test
    void searchesAndAcknowledgedEnrolmentsSurviveTheLossOfANode() throws Exception {
        RandomFaces faces = new RandomFaces(4);
        try (SolrGallery g = SolrGallery.builder(RandomFaces.MODEL, RandomFaces.DIMENSION)
                .client(solr.cluster.getSolrClient(), "loss").retryWindow(Duration.ofSeconds(90)).build()) {
            List<float[]> people = new ArrayList<>();
            List<SolrGallery.Enrolment> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                float[] p = faces.person();
                people.add(p);
                batch.add(new SolrGallery.Enrolment("known-" + i, List.of(faces.view(p, 0.5)), Map.of()));
            }
            g.enrollAll(batch);
            List<Embedding> probes = new ArrayList<>();
            for (float[] p : people) probes.add(faces.view(p, 0.5));

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean stopped = new AtomicBoolean(false);
            AtomicInteger searches = new AtomicInteger(), searchesAfterStop = new AtomicInteger();
            AtomicLong slowestSearchMillis = new AtomicLong();
            Queue<String> searchProblems = new ConcurrentLinkedQueue<>();
            Thread searcher = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    int who = i % probes.size();
                    long t0 = System.nanoTime();
                    try {
                        var id = g.identify(probes.get(who), 1).identity();
                        if (!id.equals(java.util.Optional.of("known-" + who))) {
                            searchProblems.add("probe of known-" + who + " answered " + id);
                        }
                        searches.incrementAndGet();
                        if (stopped.get()) searchesAfterStop.incrementAndGet();
                    } catch (RuntimeException e) {
                        searchProblems.add("search failed: " + e);
                    }
                    slowestSearchMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                }
            }, "searcher");
            Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicInteger acknowledgedAfterStop = new AtomicInteger();
            Queue<String> enrolProblems = new ConcurrentLinkedQueue<>();
            RandomFaces newFaces = new RandomFaces(5);
            List<Embedding> newViews = new ArrayList<>();
            Thread enroller = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    Embedding e;
                    synchronized (newViews) {
                        e = newFaces.view(newFaces.person(), 0.1);
                        newViews.add(e);
                    }
                    String name = "new-" + i;
                    try {
                        boolean afterStop = stopped.get();
                        g.enroll(name, List.of(e), Map.of("i", Integer.toString(i)));
                        acknowledged.add(name);
                        if (afterStop) acknowledgedAfterStop.incrementAndGet();
                    } catch (RuntimeException ex) {
                        enrolProblems.add(name + ": " + ex);
                    }
                }
            }, "enroller");
            searcher.start();
            enroller.start();
            Thread.sleep(3_000);
            String leaderNode = solr.cluster.getZkStateReader().getClusterState().getCollection("loss")
                    .getLeader("shard1").getNodeName();
            JettySolrRunner victim = null;
            for (JettySolrRunner j : solr.cluster.getJettySolrRunners()) {
                if (j.getNodeName().equals(leaderNode)) victim = j;
            }
            assertThat(victim).as("jetty of " + leaderNode).isNotNull();
            int searchesBefore = searches.get(), acknowledgedBefore = acknowledged.size();
            solr.cluster.stopJettySolrRunner(victim);
            solr.cluster.waitForJettyToStop(victim);
            stopped.set(true);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((searchesAfterStop.get() < 50 || acknowledgedAfterStop.get() < 10) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            running.set(false);
            searcher.join(120_000);
            enroller.join(120_000);
            System.err.printf("node loss: %d searches (%d before the stop, %d after), slowest %d ms; %d enrolments "
                            + "acknowledged (%d before the stop, %d started after it)%n", searches.get(), searchesBefore,
                    searchesAfterStop.get(), slowestSearchMillis.get(), acknowledged.size(), acknowledgedBefore,
                    acknowledgedAfterStop.get());

            assertThat(searchProblems).isEmpty();
            assertThat(enrolProblems).isEmpty();
            assertThat(searchesAfterStop.get()).isGreaterThanOrEqualTo(50);
            assertThat(acknowledgedAfterStop.get()).isGreaterThanOrEqualTo(10);
            assertThat(acknowledgedBefore).isGreaterThan(0);
            for (String name : acknowledged) {
                int i = Integer.parseInt(name.substring("new-".length()));
                assertThat(g.get(name)).as(name).isPresent();
                assertThat(g.identify(newViews.get(i), 1).identity()).as(name).contains(name);
            }
            assertThat(g.size()).isEqualTo(100 + acknowledged.size());
        }
    }
}
