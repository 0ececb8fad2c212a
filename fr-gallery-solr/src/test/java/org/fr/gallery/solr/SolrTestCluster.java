package org.fr.gallery.solr;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;

/**
 * A real SolrCloud of three Jetty nodes and an embedded ZooKeeper on loopback, for one test class (shared through
 * this module's test jar with the command line's tests and the fr-benchmarks harness). Not thread-safe to start or
 * close; the cluster itself serves any number of clients.
 */
public final class SolrTestCluster implements AutoCloseable {
    public static final int NODES = 3;

    final MiniSolrCloudCluster cluster;
    private final Path dir;

    public SolrTestCluster() throws Exception {
        dir = Files.createTempDirectory("fr-solr-cluster");
        System.setProperty("solr.autoCommit.maxTime", "15000");
        // Starting the nodes leaves a Solr class loader as this thread's context loader, which hides the caller's
        // ServiceLoader providers (detectors, embedders) from code run later on this thread: put the caller's back.
        ClassLoader caller = Thread.currentThread().getContextClassLoader();
        try {
            cluster = new MiniSolrCloudCluster(NODES, dir, JettyConfig.builder().build());
            cluster.waitForAllNodes(60);
        } finally {
            Thread.currentThread().setContextClassLoader(caller);
        }
    }

    /** The {@code solr://ZKHOST:PORT/CHROOT?collection=NAME} address of a collection of this cluster. */
    public String address(String collection) {
        return SolrGalleryAddress.SCHEME + cluster.getZkServer().getZkAddress() + "?collection=" + collection;
    }

    /** The cluster's own client (closed with the cluster). */
    public CloudSolrClient client() {
        return cluster.getSolrClient();
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
