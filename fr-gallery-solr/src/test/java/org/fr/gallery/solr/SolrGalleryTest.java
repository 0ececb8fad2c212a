package org.fr.gallery.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Slice;
import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.GalleryIdentity;
import org.fr.Identification;
import org.fr.Match;
import org.fr.gallery.FlatGallery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SolrGallery on a real three-node SolrCloud (2 shards x 2 replicas), checked against the embedded FlatGallery. */
class SolrGalleryTest {
    private static SolrTestCluster solr;

    @BeforeAll
    static void startCluster() throws Exception {
        solr = new SolrTestCluster();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (solr != null) solr.close();
    }

    private static SolrGallery.Builder gallery(String collection) {
        return SolrGallery.builder(RandomFaces.MODEL, RandomFaces.DIMENSION)
                .client(solr.cluster.getSolrClient(), collection);
    }

    @Test
    void createsTwoShardsOfTwoReplicasThroughZooKeeperAddressAndRefusesAnotherModel() {
        String zk = solr.cluster.getZkServer().getZkAddress(); // host:port/solr
        SolrGalleryAddress address = SolrGalleryAddress.parse("solr://" + zk + "?collection=addressed");
        assertThat(address.chroot()).contains("/solr");
        try (SolrGallery g = SolrGallery.builder(RandomFaces.MODEL, RandomFaces.DIMENSION).address(address).build()) {
            RandomFaces faces = new RandomFaces(1);
            float[] ann = faces.person();
            g.enroll("ann", faces.view(ann, 0.3));
            assertThat(g.identify(faces.view(ann, 0.3), 1).identity()).contains("ann");
            DocCollection c = solr.cluster.getZkStateReader().getClusterState().getCollection("addressed");
            assertThat(c.getSlices()).hasSize(2);
            for (Slice s : c.getSlices()) assertThat(s.getReplicas()).hasSize(2);
            assertThatThrownBy(() -> g.search(Embedding.normalised("other-model", faces.person()), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other-model");
            assertThatThrownBy(() -> g.enroll("bob", Embedding.normalised(RandomFaces.MODEL, new float[] {1, 2})))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/2");
        }
        assertThatThrownBy(() -> SolrGallery.builder("other-model", RandomFaces.DIMENSION)
                .client(solr.cluster.getSolrClient(), "addressed").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("addressed").hasMessageContaining(RandomFaces.MODEL);
    }

    @Test
    void enrolsIdentifiesRenamesAndRemoves() {
        RandomFaces faces = new RandomFaces(2);
        float[] alice = faces.person(), bob = faces.person(), stranger = faces.person();
        try (SolrGallery g = gallery("basic").build()) {
            Embedding a1 = faces.view(alice, 0.3), a2 = faces.view(alice, 0.3);
            g.enroll("alice", List.of(a1), Map.of("team", "red", "badge", "1"));
            g.enroll("alice", List.of(a2), Map.of("badge", "2"));
            g.enroll("bob", faces.view(bob, 0.3));
            assertThat(g.size()).isEqualTo(2);
            assertThat(g.embeddingCount()).isEqualTo(3);
            assertThat(g.identities()).containsExactly("alice", "bob");
            GalleryIdentity rec = g.get("alice").orElseThrow();
            assertThat(rec.embeddings()).containsExactly(a1, a2);
            assertThat(rec.metadata()).isEqualTo(Map.of("team", "red", "badge", "2"));

            Identification id = g.identify(faces.view(alice, 0.3), 2);
            assertThat(id.identity()).contains("alice");
            assertThat(id.candidates()).extracting(Match::identity).containsExactly("alice", "bob");
            assertThat(g.identify(faces.view(stranger, 0.3), 2).unknown()).isTrue();
            Embedding probe = faces.view(alice, 0.3);
            assertThat(g.verify(probe, "alice").similarity())
                    .isCloseTo(Math.max(probe.cosine(a1), probe.cosine(a2)), within(1e-5f));
            assertThatThrownBy(() -> g.verify(probe, "nobody")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nobody");

            assertThatThrownBy(() -> g.rename("alice", "bob")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already enrolled");
            assertThat(g.rename("alice", "carol, jr")).isTrue();
            assertThat(g.rename("alice", "dave")).isFalse();
            assertThat(g.identities()).containsExactly("bob", "carol, jr");
            assertThat(g.get("carol, jr").orElseThrow().embeddings()).containsExactly(a1, a2);
            assertThat(g.get("carol, jr").orElseThrow().metadata()).containsEntry("team", "red");
            assertThat(g.identify(faces.view(alice, 0.3), 1).identity()).contains("carol, jr");
            assertThat(g.embeddingCount()).isEqualTo(3);

            assertThat(g.remove("bob")).isTrue();
            assertThat(g.remove("bob")).isFalse();
            assertThat(g.identities()).containsExactly("carol, jr");
            assertThat(g.embeddingCount()).isEqualTo(2);
            assertThat(g.identify(faces.view(bob, 0.3), 1).candidates()).extracting(Match::identity)
                    .containsExactly("carol, jr");
        }
    }

    @Test
    void answersLikeTheEmbeddedGalleryUnderMax() {
        answersLikeTheEmbeddedGallery(Gallery.Scoring.MAX, "same-max");
    }

    @Test
    void answersLikeTheEmbeddedGalleryUnderMean() {
        answersLikeTheEmbeddedGallery(Gallery.Scoring.MEAN, "same-mean");
    }

    /** 300 people with 1 to 3 views each, batch-enrolled; 150 probes of enrolled people and 75 strangers. */
    private static void answersLikeTheEmbeddedGallery(Gallery.Scoring scoring, String collection) {
        RandomFaces faces = new RandomFaces(3);
        FlatGallery flat = FlatGallery.builder(RandomFaces.MODEL, RandomFaces.DIMENSION).scoring(scoring).build();
        List<float[]> people = new ArrayList<>();
        try (SolrGallery g = gallery(collection).scoring(scoring).build()) {
            List<SolrGallery.Enrolment> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                float[] person = faces.person();
                people.add(person);
                List<Embedding> views = new ArrayList<>();
                for (int v = 0; v <= i % 3; v++) views.add(faces.view(person, 0.8));
                String name = String.format("person-%03d", i);
                batch.add(new SolrGallery.Enrolment(name, views, Map.of("n", Integer.toString(i))));
                flat.enroll(name, views, Map.of("n", Integer.toString(i)));
                if (batch.size() == 50) {
                    g.enrollAll(batch);
                    batch.clear();
                }
            }
            assertThat(g.size()).isEqualTo(flat.size());
            assertThat(g.embeddingCount()).isEqualTo(flat.embeddingCount());
            List<Embedding> probes = new ArrayList<>();
            for (int i = 0; i < 150; i++) probes.add(faces.view(people.get(i * 2), 0.8));
            for (int i = 0; i < 75; i++) probes.add(faces.view(faces.person(), 0.8));
            int known = 0;
            for (Embedding p : probes) {
                List<Match> expected = flat.search(p, 5);
                List<Match> actual = g.search(p, 5);
                assertThat(actual).extracting(Match::identity)
                        .containsExactlyElementsOf(expected.stream().map(Match::identity).toList());
                for (int i = 0; i < expected.size(); i++) {
                    assertThat(actual.get(i).similarity()).isCloseTo(expected.get(i).similarity(), within(1e-5f));
                }
                Identification e = flat.identify(p, 1), a = g.identify(p, 1);
                assertThat(a.identity()).isEqualTo(e.identity());
                if (!e.unknown()) known++;
            }
            assertThat(known).as("probes named by the embedded gallery").isBetween(100, 160);
        }
    }
}
