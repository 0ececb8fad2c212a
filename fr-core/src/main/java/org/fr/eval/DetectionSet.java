package org.fr.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.fr.FrException;

/**
 * The detection test sets and what their folder holds. Each {@link #load} names the folder and the missing file
 * when the layout is not as expected. Thread-safe.
 */
public enum DetectionSet {
    /** dlib's face examples: {@code DIR/training.xml} and {@code DIR/testing.xml} (imglab XML, see {@link DlibBoxFiles}). */
    DLIB("dlib"),
    /** A WIDER FACE sample: {@code DIR/ground_truth.txt} (see {@link WiderGroundTruth}) and its photos. */
    WIDER("wider"),
    /** Photos without a human face: every image file directly in {@code DIR} (.jpg, .jpeg, .png, .bmp), by name. */
    NEGATIVES("negatives");

    static final List<String> DLIB_FILES = List.of("training.xml", "testing.xml");
    static final String WIDER_FILE = "ground_truth.txt";

    private final String label;

    DetectionSet(String label) { this.label = label; }

    /** The set's name on the command line and in output ({@code dlib}, {@code wider}, {@code negatives}). */
    public String label() { return label; }

    /** The set named {@code label}. @throws IllegalArgumentException listing the names when unknown */
    public static DetectionSet of(String label) {
        for (DetectionSet s : values()) if (s.label.equals(label)) return s;
        throw new IllegalArgumentException("unknown detection set '" + label + "': expected dlib, wider or negatives");
    }

    /** The set's images and ground truth, read from its folder. */
    public List<LabelledImage> load(Path dir) {
        if (!Files.isDirectory(dir)) throw new FrException(label + " set: " + dir + " is not a folder");
        List<LabelledImage> out = new ArrayList<>();
        switch (this) {
            case DLIB -> {
                for (String f : DLIB_FILES) {
                    Path xml = dir.resolve(f);
                    if (!Files.isRegularFile(xml)) throw new FrException(label + " set: " + xml + " is missing (expected " + DLIB_FILES + " in " + dir + ")");
                    out.addAll(DlibBoxFiles.read(xml));
                }
            }
            case WIDER -> {
                Path gt = dir.resolve(WIDER_FILE);
                if (!Files.isRegularFile(gt)) throw new FrException(label + " set: " + gt + " is missing");
                out.addAll(WiderGroundTruth.read(gt));
            }
            case NEGATIVES -> {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> Files.isRegularFile(p) && isImageName(p)).sorted().forEach(p -> out.add(new LabelledImage(p, List.of())));
                } catch (IOException e) {
                    throw new FrException(label + " set: cannot list " + dir + ": " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) throw new FrException(label + " set: no images in " + dir);
        return out;
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".bmp");
    }
}
