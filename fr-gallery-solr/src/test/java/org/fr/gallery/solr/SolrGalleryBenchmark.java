package org.fr.gallery.solr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.Match;
import org.fr.gallery.FlatGallery;

/**
 * SolrGallery beside the embedded FlatGallery on the same data, in one run: enrolment rate, search latency p50/p95
 * (k = 10) and recall@10 of the SolrGallery's identities against the exact search.
 *
 * <p>Data: synthetic face-like embeddings, not LFW: {@code n / 4} seeded Gaussian "people" of 512 values, each
 * enrolled as four identities holding one noisy view (relative noise 0.8, giving same-person cosines around 0.6 and
 * cross-person ones around 0, like arcface on LFW); probes are fresh noisy views of random people.
 *
 * <p>Usage (starts the three-node test cluster unless given an address; one line of JSON per gallery):
 * {@code mvn -q -pl fr-gallery-solr exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.fr.gallery.solr.SolrGalleryBenchmark -Dexec.args="100000 500 [solr://...?collection=EMPTY]"}
 */
public final class SolrGalleryBenchmark {
    private SolrGalleryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        RandomFaces faces = new RandomFaces(42);
        List<float[]> people = new ArrayList<>();
        List<SolrGallery.Enrolment> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i % 4 == 0) people.add(faces.person());
            all.add(new SolrGallery.Enrolment(String.format("id-%07d", i), List.of(faces.view(people.get(i / 4), 0.8)), Map.of()));
        }
        List<Embedding> probes = new ArrayList<>();
        for (int q = 0; q < queries; q++) probes.add(faces.view(people.get((int) ((q * 7919L) % people.size())), 0.8));

        FlatGallery flat = FlatGallery.builder(RandomFaces.MODEL, RandomFaces.DIMENSION).build();
        long t0 = System.nanoTime();
        for (SolrGallery.Enrolment e : all) flat.enroll(e.identity(), e.embeddings(), e.metadata());
        double flatRate = n / ((System.nanoTime() - t0) / 1e9);
        List<List<Match>> exact = new ArrayList<>();
        long[] flatNanos = time(flat, probes, exact);
        report("flat", n, flatRate, flatNanos, 1.0);

        SolrTestCluster local = args.length > 2 ? null : new SolrTestCluster();
        try (SolrGallery solr = local == null
                ? SolrGallery.builder(RandomFaces.MODEL, RandomFaces.DIMENSION).address(SolrGalleryAddress.parse(args[2])).build()
                : SolrGallery.builder(RandomFaces.MODEL, RandomFaces.DIMENSION).client(local.cluster.getSolrClient(), "bench").build()) {
            if (solr.size() != 0) throw new IllegalArgumentException("the benchmark needs an empty collection");
            t0 = System.nanoTime();
            for (int from = 0; from < n; from += 1_000) {
                solr.enrollAll(all.subList(from, Math.min(n, from + 1_000)));
                if ((from / 1_000) % 10 == 9) System.err.printf("solr: %d/%d enrolled%n", from + 1_000, n);
            }
            double solrRate = n / ((System.nanoTime() - t0) / 1e9);
            List<List<Match>> approx = new ArrayList<>();
            long[] solrNanos = time(solr, probes, approx);
            double recall = 0;
            for (int q = 0; q < queries; q++) {
                Set<String> truth = new HashSet<>();
                for (Match m : exact.get(q)) truth.add(m.identity());
                int hit = 0;
                for (Match m : approx.get(q)) if (truth.contains(m.identity())) hit++;
                recall += (double) hit / truth.size();
            }
            report("solr", n, solrRate, solrNanos, recall / queries);
        } finally {
            if (local != null) {
                try {
                    local.close();
                } catch (Exception e) {
                    System.err.println("benchmark: the test cluster did not shut down cleanly: " + e);
                }
            }
        }
        System.exit(0); // the test cluster can leave non-daemon threads behind
    }

    private static long[] time(Gallery g, List<Embedding> probes, List<List<Match>> results) {
        for (int i = 0; i < Math.min(50, probes.size()); i++) g.search(probes.get(i), 10); // warm-up
        long[] nanos = new long[probes.size()];
        for (int i = 0; i < probes.size(); i++) {
            long t = System.nanoTime();
            results.add(g.search(probes.get(i), 10));
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void report(String gallery, int n, double rate, long[] sorted, double recall) {
        System.out.printf("{\"gallery\":\"%s\",\"embeddings\":%d,\"enrol_per_s\":%.0f,\"search_p50_ms\":%.3f,"
                        + "\"search_p95_ms\":%.3f,\"recall_at_10\":%.4f,\"queries\":%d}%n", gallery, n, rate,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6, recall, sorted.length);
    }
}
