package org.fr.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fr.BoundingBox;
import org.fr.FrException;

/**
 * Reads WIDER FACE ground truth: an image path line, a count line, then per face
 * {@code x y w h blur expression illumination invalid occlusion pose} (a count of 0 is followed by one line of
 * zeros). A box becomes {@code BoundingBox(x, y, x+w, y+h)}; every box counts, the {@code invalid} flag included.
 * The image is looked up at {@code DIR/path}, else at {@code DIR/<file name>} (samples often keep the photos
 * flat, without their event folders). Stateless.
 */
public final class WiderGroundTruth {
    private WiderGroundTruth() {}

    /** The images of a ground-truth file, in file order. @throws FrException naming file and line when malformed */
    public static List<LabelledImage> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new FrException(file + ": cannot read WIDER ground truth: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        List<LabelledImage> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String name = lines.get(i).trim();
            if (name.isEmpty()) {
                i++;
                continue;
            }
            if (i + 1 >= lines.size()) throw new FrException(file + ":" + (i + 1) + ": image " + name + " has no face count line");
            int count;
            try {
                count = Integer.parseInt(lines.get(i + 1).trim());
            } catch (NumberFormatException e) {
                throw new FrException(file + ":" + (i + 2) + ": expected a face count, got '" + lines.get(i + 1) + "'");
            }
            if (count < 0) throw new FrException(file + ":" + (i + 2) + ": negative face count " + count);
            List<BoundingBox> faces = new ArrayList<>(count);
            int boxLines = Math.max(count, 1);
            for (int k = 0; k < boxLines; k++) {
                int lineNo = i + 3 + k;
                if (lineNo > lines.size()) throw new FrException(file + ": ends at line " + lines.size() + " inside the boxes of " + name);
                if (count == 0) continue;
                String[] t = lines.get(lineNo - 1).trim().split("\\s+");
                try {
                    if (t.length < 4) throw new NumberFormatException("fewer than 4 numbers");
                    float x = Float.parseFloat(t[0]), y = Float.parseFloat(t[1]), w = Float.parseFloat(t[2]), h = Float.parseFloat(t[3]);
                    if (w < 0 || h < 0) throw new NumberFormatException("negative size");
                    faces.add(new BoundingBox(x, y, x + w, y + h));
                } catch (NumberFormatException e) {
                    throw new FrException(file + ":" + lineNo + ": expected 'x y w h ...' (" + e.getMessage() + "), got '" + lines.get(lineNo - 1) + "'");
                }
            }
            Path image = dir.resolve(name);
            if (!Files.exists(image)) image = dir.resolve(Path.of(name).getFileName());
            out.add(new LabelledImage(image, faces));
            i += 2 + boxLines;
        }
        return out;
    }
}
