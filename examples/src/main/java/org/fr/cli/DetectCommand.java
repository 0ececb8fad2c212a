package org.fr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fr.DetectedFace;
import org.fr.FaceRecognizer;
import org.fr.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fr detect}: one line per image,
 * {@code {"image":P,"faces":[{"box":[x1,y1,x2,y2],"score":S,"landmarks":[[x,y],...]}],"ms":T}}.
 */
@Command(name = "detect", description = "Find faces in images.")
final class DetectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--draw", paramLabel = "DIR", description = "Also write each image with its detections drawn, as DIR/<name>.png.")
    Path drawDir;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files (JPEG, PNG, BMP).")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        JsonLines out = new JsonLines(System.out);
        int code;
        if (drawDir != null) Files.createDirectories(drawDir);
        try (FaceRecognizer fr = models.builder().build()) {
            code = EachImage.run("detect", images, p -> {
                RgbImage img = fr.read(p);
                long t0 = System.nanoTime();
                List<DetectedFace> faces = fr.detect(img);
                double ms = (System.nanoTime() - t0) / 1e6;
                out.write(line(p, faces, ms));
                if (drawDir != null) DetectionDrawing.write(img, faces, drawDir.resolve(baseName(p) + ".png"));
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
