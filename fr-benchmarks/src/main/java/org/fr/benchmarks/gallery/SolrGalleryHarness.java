package org.fr.benchmarks.gallery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.fr.Embedding;
import org.fr.Gallery;
import org.fr.Match;
import org.fr.benchmarks.data.Datasets;
import org.fr.benchmarks.data.LfwEmbeddings;
import org.fr.gallery.FlatGallery;
import org.fr.gallery.solr.SolrGallery;
import org.fr.gallery.solr.SolrGalleryAddress;
import org.fr.gallery.solr.SolrTestCluster;

/**
 * The SolrCloud gallery beside the embedded {@link FlatGallery}, in one run, on real-face-like data: the arcface
 * embeddings of the LFW photos (cached, see {@link LfwEmbeddings}) repeated with jitter ({@link JitteredFaces}) up to
 * {@code --size} identities of one embedding each. Both galleries get the same enrolments; per gallery it measures the
 * enrolment rate (embeddings/s; FlatGallery one identity per call, SolrGallery batches of 1,000 through
 * {@code enrollAll}, each acknowledged durably), the latency p50/p95 of {@code search(probe, 10)} one at a time over
 * {@code --probes} held-out probes (jittered copies that are not enrolled; 50 other ones warm up first), and
 * recall@10: the fraction of the exact top-10 identities (brute force over all the gallery's vectors) that the
 * gallery's top 10 holds, averaged over probes.
 *
 * <p>The SolrGallery runs on a three-node cluster with 2 shards x 2 replicas on loopback, started in this JVM (the
 * fr-gallery-solr test cluster, as {@code LocalSolrCloud}) unless {@code --solr ADDRESS} names an empty collection.
 * Output: a markdown table and one JSON line on stdout; progress on stderr. Usage (see run-solr-gallery.sh):
 * {@code SolrGalleryHarness [--size N] [--probes N] [--sigma S] [--lfw-limit N] [--cache FILE] [--jobs N] [--seed N]
 * [--solr solr://ZK:PORT/CHROOT?collection=NAME]}.
 */
public final class SolrGalleryHarness {
    static final int K = 10;
    static final int WARM_UP = 50;
    static final int SOLR_BATCH = 1_000;

    /** The run's settings; defaults are the documented full run. */
    record Options(int size, int probes, double sigma, int lfwLimit, Path cache, int jobs, long seed, String solr) {
        static Options defaults() {
            return new Options(100_000, 500, 0.02, 0, Path.of("fr-benchmarks/target/solr-gallery/lfw-embeddings.bin"),
                    Runtime.getRuntime().availableProcessors(), 42, null);
        }

        static Options parse(String[] args) {
            Options o = defaults();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                o = switch (a) {
                    case "--size" -> new Options(positive(a, v), o.probes, o.sigma, o.lfwLimit, o.cache, o.jobs, o.seed, o.solr);
                    case "--probes" -> new Options(o.size, positive(a, v), o.sigma, o.lfwLimit, o.cache, o.jobs, o.seed, o.solr);
                    case "--sigma" -> new Options(o.size, o.probes, Double.parseDouble(v), o.lfwLimit, o.cache, o.jobs, o.seed, o.solr);
                    case "--lfw-limit" -> new Options(o.size, o.probes, o.sigma, positive(a, v), o.cache, o.jobs, o.seed, o.solr);
                    case "--cache" -> new Options(o.size, o.probes, o.sigma, o.lfwLimit, Path.of(v), o.jobs, o.seed, o.solr);
                    case "--jobs" -> new Options(o.size, o.probes, o.sigma, o.lfwLimit, o.cache, positive(a, v), o.seed, o.solr);
                    case "--seed" -> new Options(o.size, o.probes, o.sigma, o.lfwLimit, o.cache, o.jobs, Long.parseLong(v), o.solr);
                    case "--solr" -> new Options(o.size, o.probes, o.sigma, o.lfwLimit, o.cache, o.jobs, o.seed, v);
                    default -> throw new IllegalArgumentException("unknown option " + a + "; usage: [--size N] [--probes N] "
                            + "[--sigma S] [--lfw-limit N] [--cache FILE] [--jobs N] [--seed N] [--solr ADDRESS]");
                };
            }
            if (!(o.sigma > 0)) throw new IllegalArgumentException("--sigma must be positive: " + o.sigma);
            if (o.solr != null) SolrGalleryAddress.parse(o.solr);
            return o;
        }

        private static int positive(String option, String v) {
            int n = Integer.parseInt(v);
            if (n < 1) throw new IllegalArgumentException(option + " must be at least 1: " + v);
            return n;
        }
    }

    /** One gallery's figures. */
    record Figures(String gallery, double enrolPerSecond, double searchP50Ms, double searchP95Ms, double recallAt10) {}

    private SolrGalleryHarness() {}

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("solr-gallery: " + e.getMessage());
            System.exit(2);
            return;
        }
        Map<String, Object> result = run(o);
        System.out.print(table(result));
        System.out.println(new ObjectMapper().writeValueAsString(result));
        System.out.flush();
        System.exit(0); // the test cluster can leave non-daemon threads behind
    }

    /** Runs the comparison; the result holds the data description and a {@link Figures} per gallery. */
    static Map<String, Object> run(Options o) throws Exception {
        LfwEmbeddings.Result lfw = LfwEmbeddings.load(Datasets.lfwImages(), o.lfwLimit(), o.cache(), o.jobs());
        List<LfwEmbeddings.Face> faces = lfw.faces();
        String model = faces.get(0).embedding().modelId();
        int dimension = faces.get(0).embedding().dimension();
        JitteredFaces jitter = new JitteredFaces(faces, o.sigma(), o.seed());
        List<JitteredFaces.Copy> gallery = jitter.gallery(o.size());
        List<Embedding> warmUp = jitter.probes(WARM_UP), probes = jitter.probes(o.probes());
        double meanCosine = jitter.meanCosineToFace();
        log("%d LFW faces (%d images without a face left out), %d jittered copies (sigma %.4f, mean cosine to the face %.4f)",
                faces.size(), lfw.noFace(), gallery.size(), o.sigma(), meanCosine);

        List<Embedding> vectors = new ArrayList<>(gallery.size());
        for (JitteredFaces.Copy c : gallery) vectors.add(c.embedding());
        long t0 = System.nanoTime();
        List<int[]> exact = new ExactSearch(vectors).topKAll(probes, K);
        log("exact top-%d of %d probes by brute force in %.1f s", K, probes.size(), (System.nanoTime() - t0) / 1e9);
        List<Set<String>> truth = new ArrayList<>();
        for (int[] rows : exact) {
            Set<String> ids = new HashSet<>();
            for (int r : rows) ids.add(gallery.get(r).identity());
            truth.add(ids);
        }

        List<Figures> figures = new ArrayList<>();
        try (FlatGallery flat = FlatGallery.builder(model, dimension).build()) {
            t0 = System.nanoTime();
            for (JitteredFaces.Copy c : gallery) flat.enroll(c.identity(), List.of(c.embedding()), Map.of());
            double rate = gallery.size() / ((System.nanoTime() - t0) / 1e9);
            log("flat: %d enrolled, %.0f/s", gallery.size(), rate);
            figures.add(measure("FlatGallery", flat, rate, warmUp, probes, truth));
        }

        SolrTestCluster cluster = null;
        Map<String, Object> solrSetup = new LinkedHashMap<>();
        try {
            SolrGallery.Builder b = SolrGallery.builder(model, dimension).shards(2).replicas(2);
            if (o.solr() != null) {
                b.address(SolrGalleryAddress.parse(o.solr()));
                solrSetup.put("cluster", o.solr());
            } else {
                log("starting a %d-node SolrCloud on loopback", SolrTestCluster.NODES);
                cluster = new SolrTestCluster();
                b.client(cluster.client(), "bench");
                solrSetup.put("cluster", SolrTestCluster.NODES + " nodes on loopback, in this JVM");
            }
            try (SolrGallery solr = b.build()) {
                if (solr.size() != 0) throw new IllegalArgumentException("the benchmark needs an empty collection; " + o.solr() + " holds " + solr.size() + " identities");
                solrSetup.put("shards", 2);
                solrSetup.put("replicas", 2);
                solrSetup.put("knn_candidates", solr.candidates(K));
                t0 = System.nanoTime();
                long lastLog = t0;
                for (int from = 0; from < gallery.size(); from += SOLR_BATCH) {
                    List<SolrGallery.Enrolment> batch = new ArrayList<>(SOLR_BATCH);
                    for (JitteredFaces.Copy c : gallery.subList(from, Math.min(gallery.size(), from + SOLR_BATCH))) {
                        batch.add(new SolrGallery.Enrolment(c.identity(), List.of(c.embedding()), Map.of()));
                    }
                    solr.enrollAll(batch);
                    long now = System.nanoTime();
                    if (now - lastLog > 10_000_000_000L || from + SOLR_BATCH >= gallery.size()) {
                        lastLog = now;
                        int done = Math.min(gallery.size(), from + SOLR_BATCH);
                        double rate = done / ((now - t0) / 1e9);
                        log("solr: %d/%d enrolled, %.0f/s, %.0f s left", done, gallery.size(), rate, (gallery.size() - done) / rate);
                    }
                }
                double rate = gallery.size() / ((System.nanoTime() - t0) / 1e9);
                figures.add(measure("SolrGallery", solr, rate, warmUp, probes, truth));
            }
        } finally {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception e) {
                    log("the test cluster did not shut down cleanly: %s", e);
                }
            }
        }

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", "solr-gallery");
        m.put("embeddings", gallery.size());
        m.put("data", "arcface embeddings of LFW photos repeated with Gaussian jitter, L2-normalised");
        m.put("lfw_faces", faces.size());
        m.put("lfw_no_face", lfw.noFace());
        m.put("model", model);
        m.put("dimension", dimension);
        m.put("jitter_sigma", o.sigma());
        m.put("mean_cosine_to_face", round(meanCosine, 4));
        m.put("probes", probes.size());
        m.put("k", K);
        m.put("solr", solrSetup);
        for (Figures f : figures) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("enrol_per_s", round(f.enrolPerSecond(), 1));
            g.put("search_p50_ms", round(f.searchP50Ms(), 3));
            g.put("search_p95_ms", round(f.searchP95Ms(), 3));
            g.put("recall_at_10", round(f.recallAt10(), 4));
            m.put(f.gallery().equals("FlatGallery") ? "flat" : "solr_gallery", g);
        }
        return m;
    }

    private static Figures measure(String name, Gallery g, double rate, List<Embedding> warmUp, List<Embedding> probes,
                                   List<Set<String>> truth) {
        for (Embedding p : warmUp) g.search(p, K);
        long[] nanos = new long[probes.size()];
        double recall = 0;
        for (int q = 0; q < probes.size(); q++) {
            long t = System.nanoTime();
            List<Match> found = g.search(probes.get(q), K);
            nanos[q] = System.nanoTime() - t;
            int hit = 0;
            for (Match m : found) if (truth.get(q).contains(m.identity())) hit++;
            recall += (double) hit / truth.get(q).size();
        }
        Arrays.sort(nanos);
        Figures f = new Figures(name, rate, nanos[(nanos.length - 1) / 2] / 1e6,
                nanos[(int) Math.ceil(nanos.length * 0.95) - 1] / 1e6, recall / probes.size());
        log("%s: search p50 %.2f ms, p95 %.2f ms, recall@10 %.4f", name, f.searchP50Ms(), f.searchP95Ms(), f.recallAt10());
        return f;
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%,d embeddings (%,d LFW faces x jitter sigma %s, mean cosine to the face %s), "
                        + "%d probes, k = %d%n%n", (Integer) r.get("embeddings"), (Integer) r.get("lfw_faces"), r.get("jitter_sigma"),
                r.get("mean_cosine_to_face"), (Integer) r.get("probes"), (Integer) r.get("k")));
        sb.append("| gallery | enrolments/s | search p50 (ms) | search p95 (ms) | recall@10 |\n|---|---|---|---|---|\n");
        for (String key : List.of("flat", "solr_gallery")) {
            Map<String, Object> g = (Map<String, Object>) r.get(key);
            if (g == null) continue;
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.4f |%n",
                    key.equals("flat") ? "FlatGallery" : "SolrGallery (3 nodes, 2x2)", (Double) g.get("enrol_per_s"),
                    (Double) g.get("search_p50_ms"), (Double) g.get("search_p95_ms"), (Double) g.get("recall_at_10")));
        }
        return sb.append('\n').toString();
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static void log(String format, Object... args) {
        System.err.println("solr-gallery: " + String.format(Locale.ROOT, format, args));
    }
}
