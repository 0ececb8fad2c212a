package org.fr.benchmarks.accuracy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fr.BoundingBox;

/**
 * The output of the dlib HOG peer program ({@code peers/dlib-hog/dlib_hog.cpp}): per image, its median time and
 * its boxes. Immutable after reading.
 */
public final class DlibPeerOutput {
    private final Map<Path, List<BoundingBox>> boxes = new HashMap<>();
    private final Map<Path, Double> millis = new HashMap<>();

    private DlibPeerOutput() {}

    public static DlibPeerOutput read(Path tsv) {
        DlibPeerOutput out = new DlibPeerOutput();
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dlib peer's output " + tsv, e);
        }
        for (String line : lines) {
            if (line.isBlank()) continue;
            String[] t = line.split("\t", -1);
            if (t.length != 3) throw new IllegalArgumentException(tsv + ": expected 'path<TAB>ms<TAB>boxes', got '" + line + "'");
            Path p = Path.of(t[0]).toAbsolutePath().normalize();
            out.millis.put(p, Double.parseDouble(t[1]));
            List<BoundingBox> bs = new ArrayList<>();
            for (String b : t[2].isEmpty() ? new String[0] : t[2].split(";")) {
                String[] c = b.split(",");
                bs.add(new BoundingBox(Math.max(0, Float.parseFloat(c[0])), Math.max(0, Float.parseFloat(c[1])), Float.parseFloat(c[2]), Float.parseFloat(c[3])));
            }
            out.boxes.put(p, bs);
        }
        return out;
    }

    /** The boxes of an image; fails if the peer did not process it. */
    public List<BoundingBox> boxes(Path image) {
        List<BoundingBox> b = boxes.get(image.toAbsolutePath().normalize());
        if (b == null) throw new IllegalArgumentException("the dlib peer's output has no line for " + image);
        return b;
    }

    /** The median milliseconds of an image, or NaN if it is not listed. */
    public double millis(Path image) {
        return millis.getOrDefault(image.toAbsolutePath().normalize(), Double.NaN);
    }
}
