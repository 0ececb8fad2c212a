package org.fr.gallery.solr;

/**
 * Runs the test cluster (three Solr nodes and ZooKeeper on loopback) until stdin closes or Ctrl-C, printing the
 * {@code solr://} ZooKeeper address to use with {@code --db} of {@code fr enroll}, {@code identify}, {@code video} and
 * {@code serve}. For trying the SolrCloud gallery without installing Solr:
 * {@code mvn -q -pl fr-gallery-solr exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.fr.gallery.solr.LocalSolrCloud}.
 */
public final class LocalSolrCloud {
    private LocalSolrCloud() {}

    public static void main(String[] args) throws Exception {
        try (SolrTestCluster solr = new SolrTestCluster()) {
            System.out.println(solr.address("faces"));
            System.out.flush();
            while (System.in.read() >= 0) {
                // keep running until stdin closes
            }
        } catch (Exception e) {
            System.err.println("LocalSolrCloud: " + e);
        }
        System.exit(0); // the test cluster can leave non-daemon threads behind
    }
}
