package org.fr.benchmarks.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fr.benchmarks.accuracy.LabelledImage;

/**
 * Writes the inputs of the out-of-process peers (dlib HOG): the benchmark frames ({@link TestFrames}) as PNG files
 * in a folder, and two lists of image paths, one line each: {@code frames.txt} (the frames) and
 * {@code detection.txt} (every image of the detection sets and negatives). Usage: {@code PeerInputs DIR}.
 */
public final class PeerInputs {
    public static final String[] FRAMES = {"320x240", "640x480", "1280x720"};
    public static final int[] FACES = {1, 10};

    private PeerInputs() {}

    /** The file name of a frame, e.g. {@code frame-640x480-1.png}. */
    public static String frameName(String size, int faces) {
        return "frame-" + size + "-" + faces + ".png";
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: PeerInputs DIR");
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        List<String> frames = new ArrayList<>();
        for (String s : FRAMES) {
            for (int f : FACES) {
                Path p = dir.resolve(frameName(s, f)).toAbsolutePath();
                javax.imageio.ImageIO.write(toBufferedImage(TestFrames.compose(s, f)), "png", p.toFile());
                frames.add(p.toString());
            }
        }
        Files.write(dir.resolve("frames.txt"), frames);
        List<String> det = new ArrayList<>();
        for (LabelledImage li : LabelledImage.dlibFaces(Datasets.path("detection/dlib-faces"))) det.add(li.file().toString());
        for (LabelledImage li : LabelledImage.widerSample(Datasets.path("detection/wider-val-sample"))) det.add(li.file().toString());
        for (LabelledImage li : LabelledImage.negatives(Datasets.path("negatives"))) det.add(li.file().toString());
        Files.write(dir.resolve("detection.txt"), det);
    }

    private static java.awt.image.BufferedImage toBufferedImage(org.fr.RgbImage img) {
        var out = new java.awt.image.BufferedImage(img.width(), img.height(), java.awt.image.BufferedImage.TYPE_INT_RGB);
        byte[] p = img.pixels();
        for (int y = 0, i = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++, i += 3) out.setRGB(x, y, (p[i] & 0xFF) << 16 | (p[i + 1] & 0xFF) << 8 | (p[i + 2] & 0xFF));
        }
        return out;
    }
}
