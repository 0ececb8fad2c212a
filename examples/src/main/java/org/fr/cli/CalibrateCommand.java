package org.fr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.fr.FaceRecognizer;
import org.fr.embed.arcface.ArcFaceEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fr calibrate}: cosine thresholds for the false-match rates 1e-2, 1e-3 and 1e-4 from labelled photos
 * ({@code DIR/<Name>/<image>}, default the shared LFW). Every image is embedded (the face nearest the centre; the
 * mean-landmark fallback where none is found, as {@code eval-lfw} does), then every pair of images is scored: pairs
 * of different people are the impostor scores, pairs of the same person the genuine ones. The threshold at FMR
 * {@code f} is the smallest cosine {@code t} such that the fraction of impostor scores {@code >= t} is at most
 * {@code f}; the true-match rate is the fraction of genuine scores {@code >= t}.
 *
 * <p>All {@code n(n-1)/2} pairs (87.5 million on LFW) are scored with a blocked loop over one contiguous
 * {@code float[]} on all cores, without storing them: each worker keeps a histogram of 2^20 bins over [-1, 1] and
 * the exact top impostor scores in a heap, as many as the largest FMR needs, so every threshold is exact (the
 * histogram answers, to 2e-6, only past {@value #MAX_EXACT} kept scores). One JSON line per FMR:
 * {@code {"fmr":0.001,"threshold":T,"tmr":R,"impostor_pairs":N,"genuine_pairs":M}}; {@code --out} also writes them
 * as a properties file ({@code fmr.1e-3=T}, with comments naming the model, data, date and command).
 */
@Command(name = "calibrate", description = "Cosine thresholds at false-match rates 1e-2, 1e-3, 1e-4 from labelled photos (default: the shared LFW).")
final class CalibrateCommand implements Callable<Integer> {
    static final double[] FMRS = {1e-2, 1e-3, 1e-4};
    static final String[] FMR_KEYS = {"1e-2", "1e-3", "1e-4"};
    /** The most impostor scores each worker keeps exactly (8 MiB). */
    static final int MAX_EXACT = 1 << 21;

    @Mixin
    ModelOptions models;

    @Spec
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", description = "Labelled photos: DIR/<Name>/<image>.jpg (default: the shared LFW, $FR_DATA/lfw/images or ../shared/datasets/lfw/images).")
    Path root;

    @Option(names = "--limit-people", paramLabel = "N", description = "Use only the first N people (alphabetically): a quick subset.")
    Integer limitPeople;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the thresholds as a properties file (fmr.1e-3=T, ...).")
    Path outFile;

    @Option(names = "--key-prefix", paramLabel = "P", description = "Prefix of the keys in --out, e.g. flip.false. (default: none).")
    String keyPrefix = "";

    @Option(names = "--append", description = "Append to the --out file instead of replacing it (its keys must not clash).")
    boolean append;

    @Option(names = "--jobs", paramLabel = "N", description = "Images embedded and pairs scored in parallel (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Path dir = root != null ? root : defaultLfw();
        TreeMap<String, List<Path>> people = FolderEmbeddings.listPeople(dir, limitPeople);
        if (people.size() < 2) throw new IllegalArgumentException("calibration needs at least 2 people; " + dir + " has " + people.size());
        List<Path> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int id = 0;
        for (List<Path> imgs : people.values()) {
            for (Path p : imgs) {
                images.add(p);
                labels.add(id);
            }
            id++;
        }
        FolderEmbeddings.Result embedded;
        String modelId;
        String flip;
        try (FaceRecognizer fr = models.builder().threads(1).build()) {
            modelId = fr.embedder().modelId();
            flip = fr.embedder() instanceof ArcFaceEmbedder a ? Boolean.toString(a.flip()) : null;
            embedded = FolderEmbeddings.embed(fr, images, jobs, "calibrate", FolderEmbeddings.Pick.CENTRE, true);
        }
        double embedSeconds = (System.nanoTime() - start) / 1e9;
        int n = images.size();
        int d = embedded.embeddings().get(images.get(0)).dimension();
        float[] matrix = new float[n * d];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            float[] v = embedded.embeddings().get(images.get(i)).values();
            System.arraycopy(v, 0, matrix, i * d, d);
            label[i] = labels.get(i);
        }
        long t0 = System.nanoTime();
        PairScores scores = PairScores.compute(matrix, d, label, jobs, FMRS[0], "calibrate");
        double scoreSeconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("fr calibrate: %d images of %d people (%d without a detected face, %s), embedded in %.0f s; "
                        + "%d impostor and %d genuine pairs scored in %.1f s%n", n, people.size(), embedded.noFace().size(),
                embedded.noFace().isEmpty() ? "none" : "aligned with the " + FolderEmbeddings.FALLBACK, embedSeconds,
                scores.impostorPairs(), scores.genuinePairs(), scoreSeconds);
        if (scores.impostorPairs() == 0) throw new IllegalArgumentException("no impostor pairs in " + dir);

        JsonLines out = new JsonLines(System.out);
        float[] thresholds = new float[FMRS.length];
        double[] tmrs = new double[FMRS.length];
        for (int f = 0; f < FMRS.length; f++) {
            thresholds[f] = scores.thresholdAt(FMRS[f]);
            tmrs[f] = scores.tmrAt(thresholds[f]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fmr", new java.math.BigDecimal(FMR_KEYS[f])); // 0.001, not 1.0E-3
            m.put("threshold", thresholds[f]);
            m.put("tmr", Double.isNaN(tmrs[f]) ? null : JsonLines.round4(tmrs[f]));
            m.put("impostor_pairs", scores.impostorPairs());
            m.put("genuine_pairs", scores.genuinePairs());
            out.write(m);
        }
        if (outFile != null) {
            List<String> lines = new ArrayList<>();
            lines.add("# fr calibrate: cosine thresholds at false-match rates (FMR). The threshold at FMR f is the smallest cosine t");
            lines.add("# such that at most a fraction f of the impostor pairs (different people) score >= t.");
            lines.add("# model: " + modelId + " (embedder " + models.embedder + (flip == null ? "" : ", flip=" + flip)
                    + (models.embedderOptions.isEmpty() ? "" : ", options " + models.embedderOptions) + "), detector "
                    + models.detector + (models.detectorOptions.isEmpty() ? "" : " " + models.detectorOptions));
            if (flip != null) lines.add("# flip: " + flip);
            lines.add("# data: " + dir.toAbsolutePath().normalize() + ": " + n + " images of " + people.size() + " people"
                    + (limitPeople == null ? "" : " (the first " + limitPeople + " people)") + ", the face nearest each image's centre; "
                    + embedded.noFace().size() + " without a detected face, aligned with the mean landmarks; "
                    + scores.impostorPairs() + " impostor pairs, " + scores.genuinePairs() + " genuine pairs (all pairs)");
            for (int f = 0; f < FMRS.length; f++) {
                lines.add(String.format(java.util.Locale.ROOT, "# fmr %s: threshold %s, true-match rate %.4f, impostor pairs at or above %d",
                        FMR_KEYS[f], thresholds[f], tmrs[f], scores.impostorsAtOrAbove(thresholds[f])));
            }
            lines.add("# date: " + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS));
            lines.add("# command: " + commandLine());
            for (int f = 0; f < FMRS.length; f++) lines.add(keyPrefix + "fmr." + FMR_KEYS[f] + "=" + thresholds[f]);
            write(lines);
        }
        return ExitCodes.OK;
    }

    private void write(List<String> lines) throws IOException {
        if (append && Files.exists(outFile)) {
            Properties existing = new Properties();
            try (InputStream in = Files.newInputStream(outFile)) {
                existing.load(in);
            }
            for (String key : FMR_KEYS) {
                if (existing.containsKey(keyPrefix + "fmr." + key)) {
                    throw new IllegalArgumentException(outFile + " already has " + keyPrefix + "fmr." + key + "; choose another --key-prefix");
                }
            }
            List<String> block = new ArrayList<>();
            block.add("");
            block.addAll(lines);
            Files.write(outFile, block, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } else {
            Path parent = outFile.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.write(outFile, lines, StandardCharsets.UTF_8);
        }
    }

    private String commandLine() {
        StringBuilder sb = new StringBuilder("fr"); // the original arguments start with the subcommand
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./=:@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString().replace('\n', ' ');
    }

    /**
     * The shared LFW images: {@code $FR_DATA/lfw/images}, else {@code shared/datasets/lfw/images} next to the
     * working directory or to the repository this jar was built in.
     *
     * @throws IllegalArgumentException when none exists
     */
    static Path defaultLfw() {
        List<Path> tried = new ArrayList<>();
        String env = System.getenv("FR_DATA");
        if (env != null && !env.isBlank()) tried.add(Path.of(env, "lfw", "images"));
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(CalibrateCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath());
        } catch (Exception e) {
            // no code source: the working directory alone
        }
        for (Path s : starts) {
            for (Path p = s; p != null; p = p.getParent()) {
                tried.add(p.resolve("shared/datasets/lfw/images"));
                tried.add(p.resolve("../shared/datasets/lfw/images").normalize());
            }
        }
        for (Path p : tried) if (Files.isDirectory(p)) return p;
        throw new IllegalArgumentException("no --root given and the shared LFW was not found: set FR_DATA to the datasets folder or give --root DIR");
    }

    /**
     * The scores of all pairs of a set of unit vectors, split by label into impostor (different labels) and genuine
     * (same label) pairs, kept as the genuine scores (all), the top impostor scores (exact) and a histogram of all
     * impostor scores. Immutable once computed.
     */
    static final class PairScores {
        static final int BINS = 1 << 20;
        static final int BLOCK = 64;

        private final long impostorPairs;
        private final float[] genuine;      // ascending
        private final float[] topImpostors; // descending
        private final long[] histogram;

        private PairScores(long impostorPairs, float[] genuine, float[] topImpostors, long[] histogram) {
            this.impostorPairs = impostorPairs;
            this.genuine = genuine;
            this.topImpostors = topImpostors;
            this.histogram = histogram;
        }

        long impostorPairs() { return impostorPairs; }

        long genuinePairs() { return genuine.length; }

        /**
         * Scores every pair {@code i < j} of the rows of {@code matrix} ({@code n = label.length} rows of length
         * {@code d}), keeping enough top impostor scores for exact thresholds down to {@code maxFmr}.
         *
         * @param job the command name for the progress line, or null for none
         */
        static PairScores compute(float[] matrix, int d, int[] label, int jobs, double maxFmr, String job) throws Exception {
            return compute(matrix, d, label, jobs, maxFmr, job, MAX_EXACT);
        }

        /** As above, keeping at most {@code maxExact} top impostor scores per worker (tests use a small one). */
        static PairScores compute(float[] matrix, int d, int[] label, int jobs, double maxFmr, String job, int maxExact)
                throws Exception {
            int n = label.length;
            if (matrix.length != (long) n * d) throw new IllegalArgumentException("matrix is not " + n + "x" + d);
            long all = (long) n * (n - 1) / 2;
            long genuinePairs = 0;
            Map<Integer, Integer> counts = new TreeMap<>();
            for (int l : label) counts.merge(l, 1, Integer::sum);
            for (int c : counts.values()) genuinePairs += (long) c * (c - 1) / 2;
            long impostorPairs = all - genuinePairs;
            int keep = (int) Math.min(maxExact, Math.min(impostorPairs, allowed(maxFmr, impostorPairs) + 1));
            int blocks = (n + BLOCK - 1) / BLOCK;
            int tiles = blocks * (blocks + 1) / 2;
            int threads = Math.max(1, Math.min(jobs, blocks));
            Worker[] workers = new Worker[threads];
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Progress progress = job == null ? null : new Progress(job, "blocks of " + BLOCK + "x" + BLOCK + " pairs", tiles);
            Thread[] ts = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                Worker w = workers[t] = new Worker(keep);
                ts[t] = new Thread(() -> {
                    try {
                        int ib;
                        while ((ib = next.getAndIncrement()) < blocks && failure.get() == null) {
                            int i0 = ib * BLOCK, i1 = Math.min(n, i0 + BLOCK);
                            for (int jb = ib; jb < blocks; jb++) {
                                int j0 = jb * BLOCK, j1 = Math.min(n, j0 + BLOCK);
                                w.block(matrix, d, label, i0, i1, j0, j1);
                                if (progress != null) progress.step();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "fr-pair-scores-" + t);
                ts[t].start();
            }
            for (Thread t : ts) t.join();
            if (progress != null) progress.close();
            if (failure.get() != null) {
                throw failure.get() instanceof Exception e ? e : new IllegalStateException(failure.get());
            }
            long[] hist = new long[BINS];
            int gTotal = 0, topTotal = 0;
            for (Worker w : workers) {
                for (int b = 0; b < BINS; b++) hist[b] += w.histogram[b];
                gTotal += w.genuineSize;
                topTotal += w.heapSize;
            }
            float[] genuine = new float[gTotal];
            float[] top = new float[topTotal];
            int g = 0, k = 0;
            for (Worker w : workers) {
                System.arraycopy(w.genuine, 0, genuine, g, w.genuineSize);
                g += w.genuineSize;
                System.arraycopy(w.heap, 0, top, k, w.heapSize);
                k += w.heapSize;
            }
            if (gTotal != genuinePairs) throw new IllegalStateException("scored " + gTotal + " genuine pairs, expected " + genuinePairs);
            Arrays.sort(genuine);
            Arrays.sort(top);
            // descending, the first `keep` of the union of the workers' tops: the global top `keep`
            int len = Math.min(keep, top.length);
            float[] desc = new float[len];
            for (int i = 0; i < len; i++) desc[i] = top[top.length - 1 - i];
            return new PairScores(impostorPairs, genuine, desc, hist);
        }

        /** How many of {@code pairs} impostor scores may reach the threshold at FMR {@code fmr}. */
        static long allowed(double fmr, long pairs) {
            return (long) Math.floor(fmr * pairs * (1 + 1e-12));
        }

        /**
         * The smallest cosine {@code t} such that the fraction of impostor scores {@code >= t} is at most
         * {@code fmr}: just above the {@code (a+1)}-th highest impostor score, where {@code a = floor(fmr * N)}.
         */
        float thresholdAt(double fmr) {
            long a = allowed(fmr, impostorPairs);
            if (a >= impostorPairs) return -1f;
            if (a < topImpostors.length) return Math.nextUp(topImpostors[(int) a]);
            // past the exact scores: the upper edge of the histogram bin holding the (a+1)-th highest score
            long above = 0;
            for (int b = BINS - 1; b >= 0; b--) {
                if (above + histogram[b] > a) return (float) binLow(b + 1);
                above += histogram[b];
            }
            return -1f;
        }

        /** The fraction of genuine scores {@code >= t}, NaN without genuine pairs. */
        double tmrAt(float t) {
            if (genuine.length == 0) return Double.NaN;
            return (double) (genuine.length - lowerBound(genuine, t)) / genuine.length;
        }

        /** The number of impostor scores {@code >= t} (exact among the kept top scores, else from the histogram). */
        long impostorsAtOrAbove(float t) {
            if (topImpostors.length > 0 && t > topImpostors[topImpostors.length - 1]) {
                int lo = 0, hi = topImpostors.length; // count of desc values >= t
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (topImpostors[mid] >= t) lo = mid + 1; else hi = mid;
                }
                return lo;
            }
            long c = 0;
            for (int b = BINS - 1; b >= 0 && binLow(b) >= t; b--) c += histogram[b];
            return c;
        }

        static int bin(float s) {
            int b = (int) ((s + 1f) * (BINS / 2));
            return b < 0 ? 0 : Math.min(b, BINS - 1);
        }

        static double binLow(int b) {
            return -1.0 + 2.0 * b / BINS;
        }

        /** The first index with {@code a[i] >= v} in an ascending array. */
        static int lowerBound(float[] a, float v) {
            int lo = 0, hi = a.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[mid] < v) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        /** One thread's share: its histogram, top-impostor min-heap and genuine scores. */
        private static final class Worker {
            final int[] histogram = new int[BINS];
            final float[] heap;
            int heapSize;
            float[] genuine = new float[1024];
            int genuineSize;

            Worker(int keep) { heap = new float[keep]; }

            void block(float[] m, int d, int[] label, int i0, int i1, int j0, int j1) {
                for (int i = i0; i < i1; i++) {
                    int ai = i * d, li = label[i];
                    for (int j = Math.max(j0, i + 1); j < j1; j++) {
                        float s = dot(m, ai, j * d, d);
                        if (label[j] == li) addGenuine(s);
                        else addImpostor(s);
                    }
                }
            }

            void addGenuine(float s) {
                if (genuineSize == genuine.length) genuine = Arrays.copyOf(genuine, genuine.length * 2);
                genuine[genuineSize++] = s;
            }

            void addImpostor(float s) {
                histogram[bin(s)]++;
                if (heap.length == 0) return;
                if (heapSize < heap.length) {
                    int i = heapSize++;
                    while (i > 0) { // sift up
                        int parent = (i - 1) >>> 1;
                        if (heap[parent] <= s) break;
                        heap[i] = heap[parent];
                        i = parent;
                    }
                    heap[i] = s;
                } else if (s > heap[0]) {
                    int i = 0, size = heapSize;
                    while (true) { // sift down
                        int c = 2 * i + 1;
                        if (c >= size) break;
                        if (c + 1 < size && heap[c + 1] < heap[c]) c++;
                        if (heap[c] >= s) break;
                        heap[i] = heap[c];
                        i = c;
                    }
                    heap[i] = s;
                }
            }
        }

        /** The dot product of two rows, with eight accumulators (no reduction order dependency between them). */
        static float dot(float[] m, int a, int b, int d) {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            int k = 0;
            for (; k + 8 <= d; k += 8) {
                s0 += m[a + k] * m[b + k];
                s1 += m[a + k + 1] * m[b + k + 1];
                s2 += m[a + k + 2] * m[b + k + 2];
                s3 += m[a + k + 3] * m[b + k + 3];
                s4 += m[a + k + 4] * m[b + k + 4];
                s5 += m[a + k + 5] * m[b + k + 5];
                s6 += m[a + k + 6] * m[b + k + 6];
                s7 += m[a + k + 7] * m[b + k + 7];
            }
            for (; k < d; k++) s0 += m[a + k] * m[b + k];
            return Math.max(-1f, Math.min(1f, (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)));
        }
    }
}
