package org.fr.gallery.solr;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;

/** A real SolrCloud of three Jetty nodes and an embedded ZooKeeper on loopback, for one test class. */
final class SolrTestCluster implements AutoCloseable {
    static final int NODES = 3;

    final MiniSolrCloudCluster cluster;
    private final Path dir;

    SolrTestCluster() throws Exception {
        dir = Files.createTempDirectory("fr-solr-cluster");
        System.setProperty("solr.autoCommit.maxTime", "15000");
        cluster = new MiniSolrCloudCluster(NODES, dir, JettyConfig.builder().build());
        cluster.waitForAllNodes(60);
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.shutdown();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
