package org.fr.benchmarks.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of the SolrCloud gallery benchmark against a real three-node cluster: 150 LFW photos embedded, 600
 * jittered copies, 20 probes. The embedded gallery is exact (recall@10 = 1), the jitter gives the cosine its sigma
 * predicts, and every figure is there. The full run (100,000 copies of all LFW faces) is the documented command,
 * fr-benchmarks/run-solr-gallery.sh.
 */
class SolrGalleryHarnessTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void tinyRunGivesEveryFigureAndAnExactFlatGallery() throws Exception {
        SolrGalleryHarness.Options o = SolrGalleryHarness.Options.parse(new String[] {"--size", "600", "--probes", "20",
                "--lfw-limit", "150", "--cache", dir.resolve("lfw.bin").toString(), "--jobs", "2"});
        Map<String, Object> r = SolrGalleryHarness.run(o);
        System.out.print(SolrGalleryHarness.table(r));

        assertThat(r.get("embeddings")).isEqualTo(600);
        assertThat((Integer) r.get("lfw_faces")).isBetween(140, 150);
        assertThat(r.get("dimension")).isEqualTo(512);
        // A unit vector plus N(0, sigma^2) per component, renormalised: cosine about 1 / sqrt(1 + d sigma^2).
        double expected = 1 / Math.sqrt(1 + 512 * 0.02 * 0.02);
        assertThat((Double) r.get("mean_cosine_to_face")).isCloseTo(expected, within(0.01));
        assertThat(((Map<String, Object>) r.get("solr")).get("knn_candidates")).isEqualTo(100);
        for (String gallery : new String[] {"flat", "solr_gallery"}) {
            Map<String, Object> g = (Map<String, Object>) r.get(gallery);
            assertThat(g).as(gallery).containsKeys("enrol_per_s", "search_p50_ms", "search_p95_ms", "recall_at_10");
            assertThat((Double) g.get("enrol_per_s")).as(gallery).isPositive();
            assertThat((Double) g.get("search_p50_ms")).as(gallery).isPositive()
                    .isLessThanOrEqualTo((Double) g.get("search_p95_ms"));
            assertThat((Double) g.get("recall_at_10")).as(gallery).isBetween(0.0, 1.0);
        }
        assertThat(((Map<String, Object>) r.get("flat")).get("recall_at_10")).isEqualTo(1.0);
        assertThat(SolrGalleryHarness.table(r)).contains("| FlatGallery |").contains("| SolrGallery (3 nodes, 2x2) |");
    }

    @Test
    void badOptionsAreRefusedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SolrGalleryHarness.Options.parse(new String[] {"--size", "0"}))
                .hasMessageContaining("--size must be at least 1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SolrGalleryHarness.Options.parse(new String[] {"--solr", "solr://127.0.0.1:2181/solr"}))
                .hasMessageContaining("collection");
    }
}
