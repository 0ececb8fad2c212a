package org.fr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fr.ComponentOptions;
import org.fr.DetectedFace;
import org.fr.FaceRecognizer;
import org.fr.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fr detect}: one line per image,
 * {@code {"image":P,"faces":[{"box":[x1,y1,x2,y2],"score":S,"landmarks":[[x,y],...]}],"ms":T}}, in the order the images were
 * given, though {@code --threads N} of them are processed at once ({@code ms} is one image's detection time).
 */
@Command(name = "detect", description = "Find faces in images.")
final class DetectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--draw", paramLabel = "DIR", description = "Also write each image with its detections drawn, as DIR/<name>.png.")
    Path drawDir;

    @Option(names = "--threads", paramLabel = "N", description = "Images processed in parallel (default: the number of cores); output keeps the input order.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files (JPEG, PNG, BMP).")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        JsonLines out = new JsonLines(System.out);
        int code;
        if (drawDir != null) Files.createDirectories(drawDir);
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        FaceRecognizer.Builder builder = models.builder();
        // parallel over images: one intra-op thread per session, unless the user chose otherwise
        if (threads > 1 && !models.detectorOptions.containsKey(ComponentOptions.THREADS)) builder.detectorOption(ComponentOptions.THREADS, "1");
        try (FaceRecognizer fr = builder.build()) {
            code = EachImage.runInOrder("detect", images, threads, p -> {
                RgbImage img = fr.read(p);
                long t0 = System.nanoTime();
                List<DetectedFace> faces = fr.detect(img);
                double ms = (System.nanoTime() - t0) / 1e6;
                Map<String, Object> m = line(p, faces, ms);
                if (drawDir != null) DetectionDrawing.write(img, faces, drawDir.resolve(baseName(p) + ".png"));
                return () -> out.write(m);
            });
        }
        return code;
    }

    /** The output line for one image (shared with {@code fr client detect}). */
    static Map<String, Object> line(Path p, List<DetectedFace> faces, double ms) {
        List<Map<String, Object>> fs = new ArrayList<>();
        for (DetectedFace f : faces) fs.add(JsonLines.face(f));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", p.toString());
        m.put("faces", fs);
        m.put("ms", JsonLines.round4(ms));
        return m;
    }

    static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
