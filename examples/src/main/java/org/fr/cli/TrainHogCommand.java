package org.fr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.fr.BoundingBox;
import org.fr.ComponentOptions;
import org.fr.Components;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.ImageDecoder;
import org.fr.Landmarks;
import org.fr.RgbImage;
import org.fr.detect.hog.GrayImage;
import org.fr.detect.hog.HogModel;
import org.fr.detect.hog.HogSamples;
import org.fr.detect.hog.HogSettings;
import org.fr.detect.hog.LinearSvm;
import org.fr.eval.DlibBoxFiles;
import org.fr.eval.LabelledImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fr train-hog}: trains the linear filter of the {@code hog} detector.
 *
 * <p>Positives: the boxes of dlib imglab XML files given with {@code --positives FILE.xml}, and the faces the
 * {@code ultraface} detector finds in {@code --lfw-images} photos of an LFW-style folder given with
 * {@code --positives DIR} (people with an even index in name order only: the odd ones are left for
 * {@link LfwOneFaceCommand}; {@code --lfw-people R/M} narrows them to a part, e.g. half, to compare recipes on the
 * other part); each positive also mirrored. Ultraface boxes are turned into the XML files' box style
 * by the mean relation of the two measured on the XML photos (which also becomes the model's landmark crop);
 * {@code --jitter N} adds N copies of each, moved and scaled a little ({@link #jittered}).
 * Negatives: random windows of the photos of the {@code --negatives} folders and of the LFW photos away from the
 * face, then {@code --rounds} rounds of hard-negative mining (windows scoring above -1 on those photos, at each
 * {@code --mine-min-face} setting, 40 and 80 px by default; with {@code --cap-per-photo} only the highest
 * {@code max(10, 2 max-mined / photos)} of each photo; then the {@code --max-mined} highest of all), each followed by
 * a new SVM fit. Files named
 * {@code testing.xml} or under
 * {@code wider-val-sample} are refused: they are evaluation data. Deterministic given {@code --seed}.
 * Prints {@code {"positives":P,"negatives":N,"rounds":R,"training_error_pos":E,...,"out":FILE}}.
 */
@Command(name = "train-hog", description = "Train the linear HOG face filter of the `hog` detector.")
final class TrainHogCommand implements Callable<Integer> {
    @Option(names = "--positives", required = true, paramLabel = "PATH", description = "dlib imglab XML file of face boxes, or an LFW-style folder DIR/<Name>/<image> (faces found by ultraface); repeatable.")
    List<Path> positives;

    @Option(names = "--negatives", required = true, paramLabel = "DIR", description = "Folder of photos without faces; repeatable.")
    List<Path> negatives;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the model (binary, written atomically).")
    Path out;

    @Option(names = "--lfw-images", paramLabel = "N", description = "Photos drawn from each positives folder (default: ${DEFAULT-VALUE}).")
    int lfwImages = 4000;

    @Option(names = "--random-negatives", paramLabel = "N", description = "Random negative windows before mining (default: ${DEFAULT-VALUE}).")
    int randomNegatives = 20000;

    @Option(names = "--rounds", paramLabel = "N", description = "Hard-negative mining rounds (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--lfw-people", paramLabel = "even|R/M", description = "LFW people drawn, by index in name order: even (the default) or R/M with R and M even (e.g. 0/4: half of them, to compare recipes on the other half); odd people are never trained on.")
    String lfwPeople = "even";

    @Option(names = "--mine-images", paramLabel = "N", description = "LFW photos scanned per mining round (default: ${DEFAULT-VALUE}).")
    int mineImages = 1500;

    @Option(names = "--max-mined", paramLabel = "N", description = "Hard negatives kept per round, the highest scoring (default: ${DEFAULT-VALUE}).")
    int maxMined = 20000;

    @Option(names = "--mine-min-face", split = ",", paramLabel = "PX", description = "Minimum-face settings the mining scans at, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Float> mineMinFaces = List.of(40f, 80f);

    @Option(names = "--cap-per-photo", description = "Keep at most max(10, 2 max-mined / photos) mined windows per photo and round (bounds memory when many windows score high).")
    boolean capPerPhoto;

    @Option(names = "--exact-every", paramLabel = "K", description = "Pyramid of the mining scans: exact histograms on every K-th level, as the detector's exact-every option (default: ${DEFAULT-VALUE}).")
    int exactEvery = HogSettings.DEFAULT_EXACT_EVERY;

    @Option(names = "--jitter", paramLabel = "N", description = "Extra copies of each positive, moved and scaled a little at random, mirrored at random (default: ${DEFAULT-VALUE}).")
    int jitter = 0;

    @Option(names = "--tilt", paramLabel = "DEG", description = "Train a filter for faces tilted (rolled) by DEG degrees, clockwise on screen when positive: each positive and its mirror image turned so (default: ${DEFAULT-VALUE}, upright).")
    double tilt = 0;

    @Option(names = "--yaw", paramLabel = "R", description = "Train a filter for faces turned sideways: only LFW faces whose nose lies at least |R| interocular distances beside the eyes' midpoint, each mirrored if needed so the nose lies on the side of R's sign (right when positive), no mirrored copies, no XML positives (default: ${DEFAULT-VALUE}: every face, and mirrored copies).")
    double yaw = 0;

    @Option(names = "--max-yaw", paramLabel = "R", description = "With --yaw 0: only the LFW faces turned by less than R (as --yaw measures it), the others left to the turned filters (default: none, every face).")
    Double maxYaw;

    @Option(names = "--cells", paramLabel = "N", description = "Filter size in 8-px cells, square (default: ${DEFAULT-VALUE}).")
    int cells = 10;

    @Option(names = "--c", paramLabel = "C", description = "SVM cost C (default: ${DEFAULT-VALUE}).")
    double c = 0.2;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--jobs", paramLabel = "N", description = "Photos processed in parallel (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    private static final float MINE_MARGIN = -1f;

    /** A photo and its faces; {@code yaw}: {@link #yawOf} of an LFW photo's face, NaN for the others. */
    private record Photo(Path path, List<BoundingBox> faces, double yaw) {
        Photo(Path path, List<BoundingBox> faces) { this(path, faces, Double.NaN); }
    }

    /** A face found by ultraface, in the XML box style, with {@link #yawOf} of its landmarks (NaN: none). */
    private record CentralFace(BoundingBox box, double yaw) {}

    @Override
    public Integer call() throws Exception {
        if (lfwImages < 0 || randomNegatives < 1 || rounds < 0 || jobs < 1 || cells < 4 || mineImages < 0 || maxMined < 1) {
            throw new IllegalArgumentException("counts must be positive (--lfw-images, --random-negatives, --rounds, --jobs, --cells, --mine-images, --max-mined)");
        }
        if (mineMinFaces.isEmpty() || mineMinFaces.stream().anyMatch(f -> !(f >= 10))) throw new IllegalArgumentException("--mine-min-face: each setting must be at least 10 px, got " + mineMinFaces);
        if (!(Math.abs(yaw) < 2)) throw new IllegalArgumentException("--yaw must lie in (-2, 2) interocular distances, got " + yaw);
        if (maxYaw != null && (yaw != 0 || !(maxYaw > 0))) throw new IllegalArgumentException("--max-yaw must be positive and goes without --yaw, got " + maxYaw);
        if (!(Math.abs(tilt) <= 45)) throw new IllegalArgumentException("--tilt must lie in -45..45 degrees, got " + tilt);
        if (jitter < 0 || jitter > 10) throw new IllegalArgumentException("--jitter must lie in 0..10, got " + jitter);
        PeopleSplit split = PeopleSplit.parse("--lfw-people", lfwPeople);
        if (!split.withinEven()) throw new IllegalArgumentException("--lfw-people " + lfwPeople + " would train on odd-index people, which fr lfw-one-face holds out");
        if (exactEvery < 1 || exactEvery > 6) throw new IllegalArgumentException("--exact-every must lie in 1..6, got " + exactEvery);
        long start = System.nanoTime();
        List<Photo> xmlPhotos = new ArrayList<>();
        List<Path> lfwDirs = new ArrayList<>();
        for (Path p : positives) {
            refuseEvaluationData(p);
            if (Files.isDirectory(p)) lfwDirs.add(p);
            else if (Files.isRegularFile(p) && p.toString().endsWith(".xml")) {
                for (LabelledImage li : DlibBoxFiles.read(p)) if (!li.faces().isEmpty()) xmlPhotos.add(new Photo(li.image(), li.faces()));
            } else throw new IllegalArgumentException("--positives " + p + ": neither a folder nor an .xml file");
        }
        List<Path> negPhotos = new ArrayList<>();
        for (Path d : negatives) {
            refuseEvaluationData(d);
            if (!Files.isDirectory(d)) throw new IllegalArgumentException("--negatives " + d + ": not a folder");
            try (var s = Files.list(d)) {
                s.filter(f -> Files.isRegularFile(f) && FolderEmbeddings.isImageName(f)).sorted().forEach(negPhotos::add);
            }
        }
        if (negPhotos.isEmpty()) throw new IllegalArgumentException("--negatives: no photo found");
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "train-hog");
            t.setDaemon(true);
            return t;
        });
        try {
            return train(pool, xmlPhotos, lfwDirs, split, negPhotos, start);
        } finally {
            pool.shutdownNow();
        }
    }

    private int train(ExecutorService pool, List<Photo> xmlPhotos, List<Path> lfwDirs, PeopleSplit split, List<Path> negPhotos, long start) throws Exception {
        Random rnd = new Random(seed);
        // 1. LFW photos and their faces by ultraface, turned into the XML box style
        List<Path> lfw = new ArrayList<>();
        for (Path d : lfwDirs) lfw.addAll(drawLfw(d, lfwImages, rnd, split));
        float[] relation = {0f, 0f, 1f, 1f};
        List<Photo> lfwPhotos = new ArrayList<>();
        try (FaceDetector ultraface = Components.detector("ultraface", ComponentOptions.empty().with(ComponentOptions.THREADS, "1"))) {
            if (!xmlPhotos.isEmpty()) relation = measureRelation(pool, ultraface, xmlPhotos);
            System.err.printf("fr train-hog: ultraface box relative to the XML box: x %+.3f w, y %+.3f h, size %.3f w x %.3f h%n",
                    relation[0], relation[1], relation[2], relation[3]);
            float[] rel = relation;
            List<CentralFace> faces = parallel(pool, lfw.size(), "ultraface on LFW", i -> centralFace(ultraface, lfw.get(i), rel));
            for (int i = 0; i < lfw.size(); i++) if (faces.get(i) != null) lfwPhotos.add(new Photo(lfw.get(i), List.of(faces.get(i).box()), faces.get(i).yaw()));
        }
        StringBuilder yaws = new StringBuilder();
        for (double r : new double[] {0.05, 0.1, 0.15, 0.2, 0.3}) {
            yaws.append(String.format(" %.2f: %d", r, lfwPhotos.stream().filter(p -> Math.abs(p.yaw()) >= r).count()));
        }
        System.err.println("fr train-hog: LFW faces turned by at least (interocular distances)" + yaws);
        // 2. positives (and mirrored), random negatives
        List<Photo> posPhotos = new ArrayList<>();
        if (yaw == 0) {
            posPhotos.addAll(xmlPhotos);
            if (maxYaw == null) posPhotos.addAll(lfwPhotos);
            else {
                for (Photo p : lfwPhotos) if (Math.abs(p.yaw()) < maxYaw) posPhotos.add(p);
                System.err.printf("fr train-hog: %d of %d LFW faces turned by less than %.2f%n", posPhotos.size() - xmlPhotos.size(), lfwPhotos.size(), maxYaw);
            }
        } else {
            for (Photo p : lfwPhotos) if (Math.abs(p.yaw()) >= Math.abs(yaw)) posPhotos.add(p);
            System.err.printf("fr train-hog: %d of %d LFW faces turned by at least %.2f%n", posPhotos.size(), lfwPhotos.size(), Math.abs(yaw));
        }
        Random jitterRnd = new Random(seed * 31 + 7);
        long[] posSeeds = new long[posPhotos.size()];
        for (int i = 0; i < posSeeds.length; i++) posSeeds[i] = jitterRnd.nextLong();
        List<List<float[]>> posParts = parallel(pool, posPhotos.size(), "positive windows", i -> {
            GrayImage g = GrayImage.of(ImageDecoder.read(posPhotos.get(i).path()));
            Random r = new Random(posSeeds[i]);
            List<float[]> w = new ArrayList<>();
            for (BoundingBox b : posPhotos.get(i).faces()) {
                if (yaw != 0) {
                    // one window, mirrored when the nose lies on the other side
                    boolean mirror = Math.signum(posPhotos.get(i).yaw()) != Math.signum(yaw);
                    w.add(HogSamples.window(g, b, cells, cells, mirror, mirror ? tilt : -tilt));
                    continue;
                }
                // turned by -tilt: the upright face comes out tilted by +tilt; the mirror image turned by +tilt,
                // then mirrored: tilted by +tilt too
                w.add(HogSamples.window(g, b, cells, cells, false, -tilt));
                w.add(HogSamples.window(g, b, cells, cells, true, tilt));
                for (int j = 0; j < jitter; j++) {
                    BoundingBox j1 = jittered(b, r);
                    boolean m = r.nextBoolean();
                    w.add(HogSamples.window(g, j1, cells, cells, m, m ? tilt : -tilt));
                }
            }
            return w;
        });
        List<float[]> pos = new ArrayList<>();
        posParts.forEach(pos::addAll);
        List<Photo> negSources = new ArrayList<>();
        for (Path p : negPhotos) negSources.add(new Photo(p, List.of()));
        negSources.addAll(lfwPhotos);
        long[] seeds = new long[negSources.size()];
        for (int i = 0; i < seeds.length; i++) seeds[i] = rnd.nextLong();
        int perNegPhoto = Math.max(1, randomNegatives / 2 / negPhotos.size());
        int perLfwPhoto = Math.max(1, (randomNegatives - perNegPhoto * negPhotos.size()) / Math.max(1, lfwPhotos.size()));
        List<List<float[]>> negParts = parallel(pool, negSources.size(), "random negative windows", i -> {
            Photo p = negSources.get(i);
            return randomWindows(GrayImage.of(ImageDecoder.read(p.path())), p.faces(), i < negPhotos.size() ? perNegPhoto : perLfwPhoto, new Random(seeds[i]));
        });
        List<float[]> neg = new ArrayList<>();
        negParts.forEach(neg::addAll);
        System.err.printf("fr train-hog: %d positive windows (%d photos), %d random negative windows%n", pos.size(), posPhotos.size(), neg.size());
        // 3. SVM and hard-negative mining
        LinearSvm svm = new LinearSvm(c, 0.1, 200);
        LinearSvm.Fit fit = svm.train(pos, neg, seed);
        System.err.printf("fr train-hog: fit 0: %d epochs%n", fit.epochs());
        int roundsRun = 0;
        for (int r = 1; r <= rounds; r++) {
            HogModel current = new HogModel(cells, cells, fit.weights(), fit.bias(), relation);
            List<Photo> mine = new ArrayList<>();
            for (Path p : negPhotos) mine.add(new Photo(p, List.of()));
            List<Photo> shuffled = new ArrayList<>(lfwPhotos);
            Collections.shuffle(shuffled, new Random(seed + r));
            mine.addAll(shuffled.subList(0, Math.min(mineImages, shuffled.size())));
            int perPhoto = capPerPhoto ? Math.max(10, 2 * maxMined / mine.size()) : Integer.MAX_VALUE;
            List<List<HogSamples.Scored>> found = parallel(pool, mine.size(), "mining round " + r, i -> {
                Photo p = mine.get(i);
                List<HogSamples.Scored> hard = new ArrayList<>();
                GrayImage g = GrayImage.of(ImageDecoder.read(p.path()));
                for (float minFace : mineMinFaces) {
                    for (HogSamples.Scored s : HogSamples.scan(g, current, HogSettings.defaults().withMinFace(minFace).withExactEvery(exactEvery), MINE_MARGIN)) {
                        if (p.faces().stream().noneMatch(f -> f.iou(s.box()) >= 0.3f)) hard.add(s);
                    }
                }
                // with --cap-per-photo, the photo's highest windows only: bounds memory, no single photo fills the round
                hard.sort(Comparator.comparingDouble(HogSamples.Scored::score).reversed());
                return new ArrayList<>(hard.subList(0, Math.min(hard.size(), perPhoto)));
            });
            List<HogSamples.Scored> hard = new ArrayList<>();
            found.forEach(hard::addAll);
            hard.sort(Comparator.comparingDouble(HogSamples.Scored::score).reversed());
            int kept = Math.min(maxMined, hard.size());
            for (int i = 0; i < kept; i++) neg.add(hard.get(i).features());
            System.err.printf("fr train-hog: round %d: %d windows above %.1f, %d added, %d negatives%n", r, hard.size(), MINE_MARGIN, kept, neg.size());
            roundsRun = r;
            if (hard.isEmpty()) break;
            fit = svm.train(pos, neg, seed + r);
            System.err.printf("fr train-hog: fit %d: %d epochs%n", r, fit.epochs());
        }
        HogModel model = new HogModel(cells, cells, fit.weights(), fit.bias(), relation);
        model.write(out);
        int posErr = 0, negErr = 0;
        for (float[] x : pos) if (fit.score(x) < 0) posErr++;
        for (float[] x : neg) if (fit.score(x) >= 0) negErr++;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("positives", pos.size());
        line.put("negatives", neg.size());
        line.put("lfw_photos", lfwPhotos.size());
        line.put("xml_photos", xmlPhotos.size());
        line.put("rounds", roundsRun);
        line.put("training_error_pos", JsonLines.round4((double) posErr / pos.size()));
        line.put("training_error_neg", JsonLines.round4((double) negErr / neg.size()));
        line.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
        line.put("out", out.toString());
        new JsonLines(System.out).write(line);
        return ExitCodes.OK;
    }

    static void refuseEvaluationData(Path p) {
        String s = p.toAbsolutePath().normalize().toString();
        if (p.getFileName() != null && p.getFileName().toString().startsWith("testing")) {
            throw new IllegalArgumentException(p + ": testing files are evaluation data, never training data");
        }
        if (s.contains("wider-val-sample")) throw new IllegalArgumentException(p + ": the WIDER sample is evaluation data, never training data");
    }

    /** {@code n} photos drawn by {@code rnd} from the people of {@code split} (even indices, name order) under {@code dir}. */
    static List<Path> drawLfw(Path dir, int n, Random rnd, PeopleSplit split) throws java.io.IOException {
        List<Path> all = new ArrayList<>();
        List<Path> people;
        try (var s = Files.list(dir)) {
            people = s.filter(Files::isDirectory).sorted().toList();
        }
        for (int i = 0; i < people.size(); i++) {
            if (!split.selects(i)) continue;
            try (var s = Files.list(people.get(i))) {
                s.filter(f -> Files.isRegularFile(f) && FolderEmbeddings.isImageName(f)).sorted().forEach(all::add);
            }
        }
        if (all.isEmpty()) throw new IllegalArgumentException("--positives " + dir + ": no photo under DIR/<Name>/");
        Collections.shuffle(all, rnd);
        return all.subList(0, Math.min(n, all.size()));
    }

    /** Mean of ultraface's box relative to each XML box it matches (IoU >= 0.3): x, y offsets and sizes in box units. */
    private float[] measureRelation(ExecutorService pool, FaceDetector ultraface, List<Photo> photos) throws Exception {
        List<List<float[]>> parts = parallel(pool, photos.size(), "ultraface on XML photos", i -> {
            List<DetectedFace> found = ultraface.detect(ImageDecoder.read(photos.get(i).path()));
            List<float[]> rel = new ArrayList<>();
            for (BoundingBox t : photos.get(i).faces()) {
                DetectedFace best = null;
                for (DetectedFace f : found) if (f.box().iou(t) >= 0.3f && (best == null || f.box().iou(t) > best.box().iou(t))) best = f;
                if (best != null) {
                    BoundingBox u = best.box();
                    rel.add(new float[] {(u.x1() - t.x1()) / t.width(), (u.y1() - t.y1()) / t.height(), u.width() / t.width(), u.height() / t.height()});
                }
            }
            return rel;
        });
        float[] mean = new float[4];
        int n = 0;
        for (List<float[]> l : parts) for (float[] r : l) {
            for (int k = 0; k < 4; k++) mean[k] += r[k];
            n++;
        }
        if (n == 0) throw new IllegalStateException("ultraface matched none of the XML boxes");
        for (int k = 0; k < 4; k++) mean[k] /= n;
        return mean;
    }

    /** Ultraface's face nearest the photo's centre, in the XML box style (square), or null. */
    private CentralFace centralFace(FaceDetector ultraface, Path photo, float[] rel) {
        RgbImage img = ImageDecoder.read(photo);
        DetectedFace best = null;
        double bestD = Double.MAX_VALUE;
        for (DetectedFace f : ultraface.detect(img)) {
            double dx = f.box().center().x() - img.width() / 2.0, dy = f.box().center().y() - img.height() / 2.0;
            double d = dx * dx + dy * dy;
            if (d < bestD) {
                bestD = d;
                best = f;
            }
        }
        if (best == null || bestD > 30 * 30) return null;
        BoundingBox u = best.box();
        float w = u.width() / rel[2], h = u.height() / rel[3];
        float x1 = u.x1() - rel[0] * w, y1 = u.y1() - rel[1] * h;
        float side = (w + h) / 2, cx = x1 + w / 2, cy = y1 + h / 2;
        return new CentralFace(new BoundingBox(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2), best.landmarksIfPresent().map(TrainHogCommand::yawOf).orElse(Double.NaN));
    }

    /**
     * How far a face is turned sideways: the nose tip's horizontal offset from the midpoint of the eyes, in
     * interocular distances (positive: the nose lies to the right in the image); NaN when the eyes coincide.
     */
    static double yawOf(Landmarks l) {
        double d = l.interocularDistance();
        if (!(d > 0)) return Double.NaN;
        double mid = (l.get(Landmarks.LEFT_EYE).x() + l.get(Landmarks.RIGHT_EYE).x()) / 2.0;
        return (l.get(Landmarks.NOSE).x() - mid) / d;
    }

    /**
     * The box moved by up to {@value #JITTER_SHIFT} of its side and scaled by up to {@value #JITTER_SCALE} either way
     * (uniform; the log of the scale): the offsets between a face and the nearest window of the pyramid (step 5/6,
     * 8-px cells) that the detector scores.
     */
    static BoundingBox jittered(BoundingBox b, Random r) {
        double side = (b.width() + b.height()) / 2.0;
        double s = side * Math.exp((2 * r.nextDouble() - 1) * Math.log(JITTER_SCALE));
        double cx = (b.x1() + b.x2()) / 2.0 + (2 * r.nextDouble() - 1) * JITTER_SHIFT * side;
        double cy = (b.y1() + b.y2()) / 2.0 + (2 * r.nextDouble() - 1) * JITTER_SHIFT * side;
        return new BoundingBox((float) (cx - s / 2), (float) (cy - s / 2), (float) (cx + s / 2), (float) (cy + s / 2));
    }

    static final double JITTER_SHIFT = 0.05, JITTER_SCALE = 1.09;

    /** Random square windows (side 40 px to the shorter image side) overlapping no face by IoU 0.2 or more. */
    private List<float[]> randomWindows(GrayImage g, List<BoundingBox> faces, int n, Random rnd) {
        List<float[]> out = new ArrayList<>();
        int maxSide = Math.min(g.width(), g.height());
        if (maxSide < 40) return out;
        for (int tries = 0; out.size() < n && tries < 20 * n; tries++) {
            double side = 40 * Math.exp(rnd.nextDouble() * Math.log(maxSide / 40.0));
            double x = rnd.nextDouble() * (g.width() - side), y = rnd.nextDouble() * (g.height() - side);
            BoundingBox b = new BoundingBox((float) x, (float) y, (float) (x + side), (float) (y + side));
            if (faces.stream().anyMatch(f -> f.iou(b) >= 0.2f)) continue;
            out.add(HogSamples.window(g, b, cells, cells, false));
        }
        return out;
    }

    /** {@code work(i)} for i in [0, n) on the pool, results in index order, progress on stderr. */
    private static <T> List<T> parallel(ExecutorService pool, int n, String job, IntFunction<T> work) throws Exception {
        List<Future<T>> futures = new ArrayList<>(n);
        try (Progress progress = new Progress("train-hog: " + job, "photos", n)) {
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    T r = work.apply(k);
                    progress.step();
                    return r;
                }));
            }
            List<T> out = new ArrayList<>(n);
            for (Future<T> f : futures) out.add(f.get());
            return out;
        }
    }
}
