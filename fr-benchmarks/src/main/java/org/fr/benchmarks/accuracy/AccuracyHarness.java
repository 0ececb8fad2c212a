package org.fr.benchmarks.accuracy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.fr.BoundingBox;
import org.fr.ComponentOptions;
import org.fr.Components;
import org.fr.DetectedFace;
import org.fr.FaceRecognizer;
import org.fr.FaceAligner;
import org.fr.FaceDetector;
import org.fr.FaceEmbedder;
import org.fr.ImageDecoder;
import org.fr.Landmarks;
import org.fr.RgbImage;
import org.fr.benchmarks.data.Datasets;
import org.fr.benchmarks.peers.HaarCascadePeer;
import org.fr.eval.KFoldVerification;
import org.fr.eval.LfwPairs;
import org.fr.eval.OpenSetRates;
import org.fr.eval.TarAtFar;

/**
 * Accuracy of every detector x embedder pair found through {@link Components}, and detection accuracy of every
 * detector and of the peers (OpenCV Haar, run here; dlib HOG, read from the peer program's output), on the shared
 * datasets. Writes one JSON document (see {@code fr-benchmarks/README.md}) that {@code report.BenchmarkReport} turns
 * into the table.
 *
 * <ul>
 *   <li><b>LFW verification</b>: the View 2 pairs (or the first N same and N different pairs per fold), each image's
 *       face nearest its centre, images without a face aligned with the mean landmarks of the found faces (the
 *       {@code fr eval-lfw} rule); 10-fold accuracy ({@link KFoldVerification}) and TAR at FAR 1e-3
 *       ({@link TarAtFar}, over all pairs).</li>
 *   <li><b>Open-set identification</b>, the {@code fr eval-identify} split on the first N LFW people: the first image
 *       of each person with two or more is enrolled, their other images are genuine probes, people with one image
 *       are impostors; DIR at the threshold where FPIR = 1% ({@link OpenSetRates}, in-sample by construction).</li>
 *   <li><b>Detection</b>: recall and precision at IoU 0.5 and 0.3 on {@code detection/dlib-faces} and
 *       {@code detection/wider-val-sample} ({@link LabelledImage}, {@link DetectionScore}); boxes on
 *       {@code negatives/}.</li>
 *   <li><b>Failures</b>: LFW images with no face (per detector) and images that raised an error.</li>
 * </ul>
 * Components run with one intra-op thread each; images are processed by {@code --jobs} threads.
 *
 * <p>Usage: {@code AccuracyHarness --out FILE [--pairs-per-fold N] [--people N] [--jobs N] [--dlib TSV]
 * [--detectors a,b] [--embedders a,b]}.
 */
public final class AccuracyHarness {
    private final int jobs;

    private AccuracyHarness(int jobs) {
        this.jobs = jobs;
    }

    public static void main(String[] args) throws Exception {
        Path out = null, dlib = null;
        Integer perFold = null;
        int people = 1000, jobs = Runtime.getRuntime().availableProcessors();
        List<String> detectors = Components.detectorNames(), embedders = Components.embedderNames();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--pairs-per-fold" -> perFold = Integer.parseInt(args[++i]);
                case "--people" -> people = Integer.parseInt(args[++i]);
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--dlib" -> dlib = Path.of(args[++i]);
                case "--detectors" -> detectors = List.of(args[++i].split(","));
                case "--embedders" -> embedders = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; usage: AccuracyHarness --out FILE "
                        + "[--pairs-per-fold N] [--people N] [--jobs N] [--dlib TSV] [--detectors a,b] [--embedders a,b]");
            }
        }
        if (out == null) throw new IllegalArgumentException("--out FILE is required");
        Map<String, Object> result = new AccuracyHarness(jobs).run(detectors, embedders, perFold, people, dlib);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
        System.err.println("accuracy: wrote " + out);
    }

    Map<String, Object> run(List<String> detectors, List<String> embedders, Integer perFold, int people, Path dlibTsv) throws Exception {
        long start = System.nanoTime();
        Path lfw = Datasets.lfwImages();
        LfwPairs pairs = LfwPairs.read(Datasets.path("lfw/pairs.txt"));
        if (perFold != null) pairs = pairs.subset(perFold);
        IdentificationSplit split = IdentificationSplit.of(lfw, people);
        Set<Path> images = new LinkedHashSet<>();
        for (LfwPairs.Pair p : pairs.pairs()) {
            images.add(p.pathA(lfw));
            images.add(p.pathB(lfw));
        }
        images.addAll(split.all());
        Map<String, List<LabelledImage>> sets = new LinkedHashMap<>();
        sets.put("dlib-faces", LabelledImage.dlibFaces(Datasets.path("detection/dlib-faces")));
        sets.put("wider-sample", LabelledImage.widerSample(Datasets.path("detection/wider-val-sample")));
        sets.put("negatives", LabelledImage.negatives(Datasets.path("negatives")));

        ComponentOptions single = ComponentOptions.empty().with(ComponentOptions.THREADS, "1");
        List<Map<String, Object>> detection = new ArrayList<>(), recognition = new ArrayList<>();
        for (String dn : detectors) {
            Map<Path, Landmarks> faces;
            AtomicInteger errors = new AtomicInteger();
            try (FaceDetector detector = Components.detector(dn, single)) {
                detection.add(detectionEntry(dn, "detector", sets, img -> boxes(detector.detect(img))));
                faces = centralFaces(detector, images, errors);
            }
            int noFace = (int) images.stream().filter(p -> faces.get(p) == null).count();
            Landmarks mean = meanLandmarks(faces.values());
            for (String en : embedders) {
                try (FaceEmbedder embedder = Components.embedder(en, single)) {
                    Map<Path, float[]> emb = embed(embedder, images, faces, mean, dn + "+" + en, errors);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("detector", dn);
                    m.put("embedder", en);
                    m.putAll(verification(pairs, lfw, emb));
                    m.putAll(identification(split, emb));
                    m.put("lfw_images", images.size());
                    m.put("no_face", noFace);
                    m.put("errors", errors.get());
                    recognition.add(m);
                    System.err.println("accuracy: " + m);
                }
            }
        }
        if (HaarCascadePeer.available()) {
            try (HaarCascadePeer haar = new HaarCascadePeer()) {
                org.opencv.core.Core.setNumThreads(1);
                detection.add(detectionEntry("opencv-haar", "peer", sets, haar::detect));
            }
        } else {
            System.err.println("accuracy: no Haar cascade at " + HaarCascadePeer.cascadeFile() + "; the Haar peer is left out");
        }
        if (dlibTsv != null) {
            DlibPeerOutput dlib = DlibPeerOutput.read(dlibTsv);
            detection.add(detectionEntry("dlib-hog", "peer", sets, null, dlib::boxes));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("lfw_pairs", pairs.pairs().size());
        settings.put("pairs_per_fold_side", pairs.perSide());
        settings.put("identification_people", people);
        settings.put("gallery", split.galleryNames().size());
        settings.put("genuine_probes", split.genuine().size());
        settings.put("impostor_probes", split.impostors().size());
        settings.put("jobs", jobs);
        settings.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
        doc.put("settings", settings);
        doc.put("detection", detection);
        doc.put("recognition", recognition);
        return doc;
    }

    private static List<BoundingBox> boxes(List<DetectedFace> faces) {
        return faces.stream().map(DetectedFace::box).toList();
    }

    private Map<String, Object> detectionEntry(String name, String kind, Map<String, List<LabelledImage>> sets,
                                               Function<RgbImage, List<BoundingBox>> detect) {
        return detectionEntry(name, kind, sets, detect, null);
    }

    /** Detection scores of one detector on every set; {@code byPath} gives stored boxes instead of running one. */
    private Map<String, Object> detectionEntry(String name, String kind, Map<String, List<LabelledImage>> sets,
                                               Function<RgbImage, List<BoundingBox>> detect, Function<Path, List<BoundingBox>> byPath) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("kind", kind);
        for (var e : sets.entrySet()) {
            DetectionScore at50 = DetectionScore.EMPTY, at30 = DetectionScore.EMPTY;
            for (LabelledImage li : e.getValue()) {
                List<BoundingBox> found = byPath != null ? byPath.apply(li.file()) : detect.apply(ImageDecoder.read(li.file()));
                at50 = at50.plus(DetectionScore.of(found, li, 0.5));
                at30 = at30.plus(DetectionScore.of(found, li, 0.3));
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("images", e.getValue().size());
            s.put("faces", at50.faces());
            s.put("boxes", at50.predictions());
            s.put("found_iou50", at50.found());
            s.put("found_iou30", at30.found());
            s.put("false_positives_iou50", at50.falsePositives());
            s.put("images_with_false_positives", at50.imagesWithFalsePositives());
            m.put(e.getKey(), s);
        }
        System.err.println("accuracy: detection " + m);
        return m;
    }

    /** The face nearest each image's centre (landmarks, or null when there is none), in parallel. */
    private Map<Path, Landmarks> centralFaces(FaceDetector detector, Set<Path> images, AtomicInteger errors) throws Exception {
        Map<Path, Landmarks> out = new ConcurrentHashMap<>();
        forEach(images, detector.name() + " detect", p -> {
            try {
                RgbImage img = ImageDecoder.read(p);
                FaceRecognizer.nearestCentre(detector.detect(img), img.width(), img.height())
                        .ifPresent(best -> out.put(p, best.landmarks()));
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                System.err.println("accuracy: " + p + ": " + e.getMessage());
            }
        });
        return out;
    }

    private Map<Path, float[]> embed(FaceEmbedder embedder, Set<Path> images, Map<Path, Landmarks> faces, Landmarks mean,
                                     String job, AtomicInteger errors) throws Exception {
        Map<Path, float[]> out = new ConcurrentHashMap<>();
        forEach(images, job + " embed", p -> {
            try {
                RgbImage img = ImageDecoder.read(p);
                Landmarks l = faces.getOrDefault(p, mean);
                out.put(p, embedder.embed(FaceAligner.align(img, l)).values());
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                System.err.println("accuracy: " + p + ": " + e.getMessage());
            }
        });
        return out;
    }

    private static Map<String, Object> verification(LfwPairs pairs, Path lfw, Map<Path, float[]> emb) {
        int n = pairs.pairs().size();
        double[] sim = new double[n];
        boolean[] same = new boolean[n];
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            LfwPairs.Pair p = pairs.pairs().get(i);
            float[] a = emb.get(p.pathA(lfw)), b = emb.get(p.pathB(lfw));
            sim[i] = a == null || b == null ? -1 : dot(a, b);
            same[i] = p.same();
            fold[i] = p.fold();
        }
        KFoldVerification.Result r = KFoldVerification.evaluate(sim, same, fold, pairs.folds());
        TarAtFar tar = TarAtFar.of(sim, same, 1e-3);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lfw_accuracy", r.meanAccuracy());
        m.put("lfw_std", r.std());
        m.put("lfw_pairs", n);
        m.put("tar_at_far_1e-3", tar.tar());
        m.put("far_1e-3_resolvable", tar.resolvable());
        return m;
    }

    private static Map<String, Object> identification(IdentificationSplit split, Map<Path, float[]> emb) {
        List<float[]> gallery = new ArrayList<>();
        for (Path p : split.galleryImages()) gallery.add(emb.get(p));
        float[] genuineScores = new float[split.genuine().size()];
        boolean[] correct = new boolean[genuineScores.length];
        for (int i = 0; i < genuineScores.length; i++) {
            int[] best = new int[1];
            genuineScores[i] = rank1(emb.get(split.genuine().get(i)), gallery, best);
            correct[i] = split.galleryNames().get(best[0]).equals(split.genuineNames().get(i));
        }
        float[] impostorScores = new float[split.impostors().size()];
        for (int i = 0; i < impostorScores.length; i++) impostorScores[i] = rank1(emb.get(split.impostors().get(i)), gallery, new int[1]);
        OpenSetRates rates = new OpenSetRates(genuineScores, correct, impostorScores);
        float t = rates.thresholdAtFpir(0.01);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dir_at_fpir_1pct", rates.dir(t));
        m.put("rank1", rates.rank1());
        return m;
    }

    private static float rank1(float[] probe, List<float[]> gallery, int[] index) {
        float best = -2;
        for (int g = 0; g < gallery.size(); g++) {
            float[] v = gallery.get(g);
            float s = probe == null || v == null ? -1 : dot(probe, v);
            if (s > best) {
                best = s;
                index[0] = g;
            }
        }
        return best;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static Landmarks meanLandmarks(java.util.Collection<Landmarks> all) {
        if (all.isEmpty()) return FaceAligner.ARCFACE_TEMPLATE;
        float[] xy = new float[2 * Landmarks.COUNT];
        for (Landmarks l : all) {
            for (int i = 0; i < Landmarks.COUNT; i++) {
                xy[2 * i] += l.get(i).x();
                xy[2 * i + 1] += l.get(i).y();
            }
        }
        for (int i = 0; i < xy.length; i++) xy[i] /= all.size();
        return Landmarks.of(xy);
    }

    private void forEach(Set<Path> items, String job, java.util.function.Consumer<Path> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, jobs));
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Path p : items) {
                fs.add(pool.submit(() -> {
                    work.accept(p);
                    int d = done.incrementAndGet();
                    if (d % 1000 == 0 || d == items.size()) {
                        System.err.printf("accuracy: %s %d/%d (%.0f s)%n", job, d, items.size(), (System.nanoTime() - start) / 1e9);
                    }
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The {@code fr eval-identify} split of the first N people of an LFW-style folder. Immutable. */
    record IdentificationSplit(List<String> galleryNames, List<Path> galleryImages, List<Path> genuine,
                               List<String> genuineNames, List<Path> impostors) {
        static IdentificationSplit of(Path root, int people) throws IOException {
            TreeMap<String, List<Path>> byName = new TreeMap<>();
            List<Path> dirs;
            try (Stream<Path> s = Files.list(root)) {
                dirs = s.filter(Files::isDirectory).sorted().toList();
            }
            for (Path d : dirs) {
                if (byName.size() >= people) break;
                try (Stream<Path> s = Files.list(d)) {
                    List<Path> imgs = s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted().toList();
                    if (!imgs.isEmpty()) byName.put(d.getFileName().toString(), imgs);
                }
            }
            List<String> gn = new ArrayList<>(), genN = new ArrayList<>();
            List<Path> gi = new ArrayList<>(), gen = new ArrayList<>(), imp = new ArrayList<>();
            for (var e : byName.entrySet()) {
                List<Path> imgs = e.getValue();
                if (imgs.size() == 1) {
                    imp.add(imgs.get(0));
                } else {
                    gn.add(e.getKey());
                    gi.add(imgs.get(0));
                    for (Path p : imgs.subList(1, imgs.size())) {
                        gen.add(p);
                        genN.add(e.getKey());
                    }
                }
            }
            return new IdentificationSplit(gn, gi, gen, genN, imp);
        }

        List<Path> all() {
            List<Path> out = new ArrayList<>(galleryImages);
            out.addAll(genuine);
            out.addAll(impostors);
            return out;
        }
    }
}
