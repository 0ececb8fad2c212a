package org.fr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fr.Components;
import org.fr.ComponentOptions;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.FrException;
import org.fr.ImageDecoder;
import org.fr.RgbImage;
import org.fr.eval.DetectionCounts;
import org.fr.eval.DetectionSet;
import org.fr.eval.LabelledImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fr eval-detect}: a detector scored against a labelled detection set, one line
 * {@code {"set":S,"recall_iou50":R,"recall_iou30":R3,"precision":P,"false_positives":F,"images":N,...}}.
 * Detections are matched to ground truth greedily by score ({@link org.fr.eval.GreedyMatching}); recall is the
 * share of ground-truth faces matched at IoU 0.5 / 0.3; {@code false_positives} are the detections that match no
 * face at IoU 0.3 (the looser level, since annotators draw looser boxes than detectors) and {@code precision} is
 * the share of detections that do. {@code wider} adds {@code recall_h40} (faces at least 40 px high, IoU 0.5);
 * {@code images_with_detections} counts images with any detection (on {@code negatives} every detection is a false
 * positive). A ratio without a denominator (recall on {@code negatives}) is {@code null}. Further fields:
 * {@code faces}, {@code detections}, {@code precision_iou50}, {@code false_positives_iou50}, {@code detector},
 * {@code seconds}, and for {@code wider} {@code faces_h40} and {@code recall_h40_iou30}.
 */
@Command(name = "eval-detect", description = "Score a detector on a labelled detection set (dlib, wider, negatives).")
final class EvalDetectCommand implements Callable<Integer> {
    /** Ground-truth faces at least this many pixels high count in {@code recall_h40}. */
    static final float TALL = 40f;

    @Mixin
    ModelOptions models;

    @Option(names = "--set", required = true, paramLabel = "SET", description = "dlib, wider or negatives.")
    String set;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The set's folder: dlib: training.xml and testing.xml "
            + "(dlib imglab boxes) beside the photos; wider: ground_truth.txt (WIDER format) with the photos at their listed path "
            + "or flat in DIR; negatives: the photos (every .jpg/.jpeg/.png/.bmp in DIR, none may hold a face).")
    Path data;

    @Option(names = "--threads", paramLabel = "N", description = "Images detected in parallel (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--draw", paramLabel = "DIR", description = "Also write each image with its ground truth (blue) and detections drawn, as DIR/<name>.png.")
    Path drawDir;

    @Option(names = "--per-image", description = "Also print one line per image before the summary: {\"image\":P,\"faces\":N,\"detections\":D,\"found_iou50\":F,\"false_positives\":FP}.")
    boolean perImage;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        DetectionSet which = DetectionSet.of(set);
        List<LabelledImage> images;
        try {
            images = which.load(data);
        } catch (FrException e) { // a missing or malformed set is bad input
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        for (LabelledImage l : images) {
            if (!Files.isRegularFile(l.image())) throw new IllegalArgumentException(which.label() + " set: image " + l.image() + " is missing");
        }
        if (drawDir != null) Files.createDirectories(drawDir);
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        ComponentOptions options = models.detectorComponentOptions();
        if (threads > 1 && options.get(ComponentOptions.THREADS).isEmpty()) options = options.with(ComponentOptions.THREADS, "1");
        JsonLines out = new JsonLines(System.out);
        DetectionCounts[] total = {DetectionCounts.ZERO};
        List<Path> paths = new ArrayList<>();
        Map<Path, LabelledImage> byPath = new LinkedHashMap<>();
        for (LabelledImage l : images) {
            paths.add(l.image());
            byPath.put(l.image(), l);
        }
        int code;
        try (FaceDetector detector = Components.detector(models.detector, options);
             Progress progress = new Progress("eval-detect", "images", images.size())) {
            code = EachImage.runInOrder("eval-detect", paths, threads, p -> {
                LabelledImage l = byPath.get(p);
                RgbImage img = ImageDecoder.read(p);
                List<DetectedFace> found = detector.detect(img);
                DetectionCounts c = DetectionCounts.of(l.faces(), found, TALL);
                if (drawDir != null) DetectionDrawing.write(img, l.faces(), found, drawDir.resolve(DetectCommand.baseName(p) + ".png"));
                progress.step();
                return () -> {
                    total[0] = total[0].plus(c);
                    if (perImage) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("image", p.toString());
                        m.put("faces", c.faces());
                        m.put("detections", c.detections());
                        m.put("found_iou50", c.found50());
                        m.put("found_iou30", c.found30());
                        m.put("false_positives", c.falsePositives30());
                        out.write(m);
                    }
                };
            });
        }
        if (code != ExitCodes.OK) return code;
        out.write(summary(which, total[0], models.detector, (System.nanoTime() - start) / 1e9));
        return ExitCodes.OK;
    }

    /** The summary line's fields, in order. */
    static Map<String, Object> summary(DetectionSet set, DetectionCounts c, String detector, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("set", set.label());
        m.put("recall_iou50", ratio(c.recall50()));
        m.put("recall_iou30", ratio(c.recall30()));
        m.put("precision", ratio(c.precision30()));
        m.put("false_positives", c.falsePositives30());
        m.put("images", c.images());
        if (set == DetectionSet.WIDER) {
            m.put("recall_h40", ratio(c.tallRecall50()));
            m.put("recall_h40_iou30", ratio(c.tallRecall30()));
            m.put("faces_h40", c.tallFaces());
        }
        m.put("images_with_detections", c.imagesWithDetections());
        m.put("faces", c.faces());
        m.put("detections", c.detections());
        m.put("precision_iou50", ratio(c.precision50()));
        m.put("false_positives_iou50", c.falsePositives50());
        m.put("detector", detector);
        m.put("seconds", JsonLines.round4(seconds));
        return m;
    }

    private static Double ratio(double v) { return Double.isNaN(v) ? null : JsonLines.round4(v); }
}
