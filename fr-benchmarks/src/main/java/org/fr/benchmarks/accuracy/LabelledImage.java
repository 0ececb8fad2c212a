package org.fr.benchmarks.accuracy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.fr.BoundingBox;

/**
 * One image of a detection set with its labelled face boxes (empty for negatives). Loaders for the shared sets:
 * {@code detection/dlib-faces} (training.xml and testing.xml: 43 boxes), {@code detection/wider-val-sample}
 * (boxes not marked invalid and at least {@value #WIDER_MIN_HEIGHT} px high, the size the detectors are meant for;
 * smaller labelled faces are left out of both recall and precision by being ignored when matched) and
 * {@code negatives/} (no face at all). Immutable.
 */
public record LabelledImage(Path file, List<BoundingBox> faces, List<BoundingBox> ignored) {
    public static final int WIDER_MIN_HEIGHT = 20;
    private static final Pattern IMAGE = Pattern.compile("<image file='([^']+)'");
    private static final Pattern BOX = Pattern.compile("<box top='(-?\\d+)' left='(-?\\d+)' width='(\\d+)' height='(\\d+)'");

    public LabelledImage {
        faces = List.copyOf(faces);
        ignored = List.copyOf(ignored);
    }

    /** The 9 labelled PASCAL VOC photos of {@code dir} (dlib's training.xml and testing.xml), in file order. */
    public static List<LabelledImage> dlibFaces(Path dir) {
        List<LabelledImage> out = new ArrayList<>();
        for (String xml : new String[] {"training.xml", "testing.xml"}) {
            Path file = dir.resolve(xml);
            Path image = null;
            List<BoundingBox> boxes = new ArrayList<>();
            for (String line : lines(file)) {
                Matcher m = IMAGE.matcher(line);
                if (m.find()) {
                    if (image != null) out.add(new LabelledImage(image, boxes, List.of()));
                    image = dir.resolve(m.group(1));
                    boxes = new ArrayList<>();
                }
                Matcher b = BOX.matcher(line);
                if (b.find()) {
                    float top = Float.parseFloat(b.group(1)), left = Float.parseFloat(b.group(2));
                    boxes.add(new BoundingBox(left, top, left + Float.parseFloat(b.group(3)), top + Float.parseFloat(b.group(4))));
                }
            }
            if (image != null) out.add(new LabelledImage(image, boxes, List.of()));
        }
        return out;
    }

    /** The WIDER FACE sample of {@code dir} from its {@code ground_truth.txt}. */
    public static List<LabelledImage> widerSample(Path dir) {
        List<String> l = lines(dir.resolve("ground_truth.txt"));
        List<LabelledImage> out = new ArrayList<>();
        for (int i = 0; i < l.size(); ) {
            String name = l.get(i++).trim();
            if (name.isEmpty()) continue;
            int n = Integer.parseInt(l.get(i++).trim());
            List<BoundingBox> faces = new ArrayList<>(), ignored = new ArrayList<>();
            for (int k = 0; k < Math.max(n, 1); k++) {
                String[] t = l.get(i++).trim().split("\\s+");
                if (n == 0) break;
                float x = Float.parseFloat(t[0]), y = Float.parseFloat(t[1]), w = Float.parseFloat(t[2]), h = Float.parseFloat(t[3]);
                if (w <= 0 || h <= 0) continue;
                boolean invalid = t.length > 7 && t[7].equals("1");
                (invalid || h < WIDER_MIN_HEIGHT ? ignored : faces).add(new BoundingBox(x, y, x + w, y + h));
            }
            out.add(new LabelledImage(dir.resolve(Path.of(name).getFileName().toString()), faces, ignored));
        }
        return out;
    }

    /** Every image of {@code dir}, sorted, with no face. */
    public static List<LabelledImage> negatives(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("(?i).*\\.(jpg|jpeg|png)$")).sorted()
                    .map(p -> new LabelledImage(p, List.of(), List.of())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
