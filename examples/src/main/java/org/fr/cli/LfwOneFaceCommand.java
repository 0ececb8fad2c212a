package org.fr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.fr.Components;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.ImageDecoder;
import org.fr.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fr lfw-one-face}: on {@code --count} LFW photos drawn by {@code --seed} from the people of odd index in name
 * order (those {@code fr train-hog} never trains on), counts the photos where the detector gives exactly one box
 * and that box covers the photo's centre (LFW photos are centred on the face). Prints
 * {@code {"images":N,"one_over_face":K,"share":K/N,"no_box":A,"several_boxes":B,"one_elsewhere":C,"face_boxed_once":E,"detector":D}};
 * {@code face_boxed_once} (added field) counts the photos where exactly one box covers the centre, whatever other
 * boxes the photo has (boxes on other people's faces, false boxes away from the face): the looser reading of "one
 * box over the face". {@code --list} prints the drawn photos instead, so that a peer (dlib) can be scored on exactly the same ones.
 */
@Command(name = "lfw-one-face", description = "Share of LFW photos where the detector gives exactly one box, over the face.")
final class LfwOneFaceCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--root", paramLabel = "DIR", description = "LFW photos DIR/<Name>/<image> (default: the shared LFW).")
    Path root;

    @Option(names = "--count", paramLabel = "N", description = "Photos drawn (default: ${DEFAULT-VALUE}).")
    int count = 1000;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed of the draw (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--people", paramLabel = "odd|even|R/M", description = "People drawn from, by index in name order: odd (never trained on, the default), even (the trainer's; for choosing settings on training data) or R/M (index R modulo M, e.g. 2/4: half of the even people).")
    String peopleSplit = "odd";

    @Option(names = "--threads", paramLabel = "N", description = "Photos detected in parallel (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--failures", description = "Also print one {\"image\":P,\"boxes\":[[x1,y1,x2,y2],...]} line per photo that fails, before the summary.")
    boolean failures;

    @Option(names = "--list", description = "Only print the drawn photos, one path per line, and detect nothing (to run a peer detector on the same photos).")
    boolean listOnly;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || threads < 1) throw new IllegalArgumentException("--count and --threads must be at least 1");
        Path dir = root != null ? root : CalibrateCommand.defaultLfw();
        List<Path> people;
        try (var s = Files.list(dir)) {
            people = s.filter(Files::isDirectory).sorted().toList();
        }
        List<Path> all = new ArrayList<>();
        PeopleSplit split = PeopleSplit.parse("--people", peopleSplit);
        for (int i = 0; i < people.size(); i++) {
            if (!split.selects(i)) continue;
            try (var s = Files.list(people.get(i))) {
                s.filter(f -> Files.isRegularFile(f) && FolderEmbeddings.isImageName(f)).sorted().forEach(all::add);
            }
        }
        if (all.isEmpty()) throw new IllegalArgumentException("--root " + dir + ": no photo under DIR/<Name>/");
        Collections.shuffle(all, new Random(seed));
        List<Path> photos = all.subList(0, Math.min(count, all.size()));
        if (listOnly) {
            for (Path p : photos) System.out.println(p);
            return ExitCodes.OK;
        }
        long start = System.nanoTime();
        int none = 0, several = 0, elsewhere = 0, good = 0;
        AtomicInteger boxedOnce = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FaceDetector detector = Components.detector(models.detector, models.detectorComponentOptions());
             Progress progress = new Progress("lfw-one-face", "photos", photos.size())) {
            List<Future<Integer>> results = new ArrayList<>();
            for (Path p : photos) {
                results.add(pool.submit(() -> {
                    RgbImage img = ImageDecoder.read(p);
                    List<DetectedFace> faces = detector.detect(img);
                    progress.step();
                    int overCentre = boxesOverCentre(img, faces);
                    int verdict = verdict(faces.size(), overCentre);
                    if (overCentre == 1) boxedOnce.incrementAndGet();
                    if (failures && verdict != 1) {
                        List<List<Float>> boxes = new ArrayList<>();
                        for (DetectedFace f : faces) boxes.add(List.of(f.box().x1(), f.box().y1(), f.box().x2(), f.box().y2()));
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("image", p.toString());
                        line.put("boxes", boxes);
                        synchronized (this) {
                            new JsonLines(System.out).write(line);
                        }
                    }
                    return verdict;
                }));
            }
            for (Future<Integer> f : results) {
                switch (f.get()) {
                    case 0 -> none++;
                    case 1 -> good++;
                    case 2 -> several++;
                    default -> elsewhere++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("images", photos.size());
        line.put("one_over_face", good);
        line.put("share", JsonLines.round4((double) good / photos.size()));
        line.put("no_box", none);
        line.put("several_boxes", several);
        line.put("one_elsewhere", elsewhere);
        line.put("face_boxed_once", boxedOnce.get());
        line.put("detector", models.detector);
        line.put("seconds", Math.round((System.nanoTime() - start) / 1e9));
        new JsonLines(System.out).write(line);
        return ExitCodes.OK;
    }

    /** How many of the boxes cover the photo's centre. */
    static int boxesOverCentre(RgbImage img, List<DetectedFace> faces) {
        float cx = img.width() / 2f, cy = img.height() / 2f;
        int n = 0;
        for (DetectedFace f : faces) {
            var b = f.box();
            if (b.x1() <= cx && cx <= b.x2() && b.y1() <= cy && cy <= b.y2()) n++;
        }
        return n;
    }

    /** 0: no box, 1: one box over the centre, 2: several boxes, 3: one box elsewhere; from the box count and how many cover the centre. */
    static int verdict(int boxes, int overCentre) {
        if (boxes == 0) return 0;
        if (boxes > 1) return 2;
        return overCentre == 1 ? 1 : 3;
    }
}
