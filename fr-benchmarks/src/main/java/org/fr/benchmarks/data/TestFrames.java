package org.fr.benchmarks.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fr.ImageDecoder;
import org.fr.Resampler;
import org.fr.RgbImage;
import org.fr.eval.LfwPairs;

/**
 * Benchmark frames of a given size holding a given number of real faces: a landscape photo from
 * {@code negatives/view.jpg} stretched to the frame, with LFW faces pasted on it (the central 150x150 of each
 * 250x250 LFW photo: the whole head). One face sits in the middle at half the frame's height; several are laid out
 * on a grid of at most 5 columns, each tile 90% of its cell. Deterministic: the faces are the first image of a fixed
 * list of people. Stateless and thread-safe.
 */
public final class TestFrames {
    private static final String[] PEOPLE = {"Aaron_Peirsol", "Abdullah_Gul", "Adrien_Brody", "Al_Gore", "Alejandro_Toledo",
            "Ali_Naimi", "Alvaro_Uribe", "Amelie_Mauresmo", "Ana_Guevara", "Andre_Agassi", "Andy_Roddick", "Angelina_Jolie"};

    private TestFrames() {}

    /** Parses {@code WxH}. */
    public static int[] size(String wxh) {
        String[] t = wxh.toLowerCase().split("x");
        if (t.length != 2) throw new IllegalArgumentException("frame size must be WxH, got '" + wxh + "'");
        return new int[] {Integer.parseInt(t[0]), Integer.parseInt(t[1])};
    }

    public static RgbImage compose(String wxh, int faces) {
        int[] s = size(wxh);
        return compose(s[0], s[1], faces);
    }

    public static RgbImage compose(int width, int height, int faces) {
        if (faces < 1 || faces > PEOPLE.length) throw new IllegalArgumentException("faces must lie in [1, " + PEOPLE.length + "]: " + faces);
        RgbImage bg = Resampler.resize(ImageDecoder.read(Datasets.path("negatives/view.jpg")), width, height);
        byte[] out = bg.pixels().clone();
        if (faces == 1) {
            int tile = height / 2;
            paste(out, width, height, face(0, tile), (width - tile) / 2, (height - tile) / 2);
        } else {
            int cols = Math.min(5, faces), rows = (faces + cols - 1) / cols;
            int cw = width / cols, ch = height / rows;
            int tile = (int) (Math.min(cw, ch) * 0.9);
            for (int i = 0; i < faces; i++) {
                int c = i % cols, r = i / cols;
                paste(out, width, height, face(i, tile), c * cw + (cw - tile) / 2, r * ch + (ch - tile) / 2);
            }
        }
        return new RgbImage(width, height, out);
    }

    /** The paths of the LFW photos used as faces, in order. */
    public static List<Path> facePhotos() {
        List<Path> out = new ArrayList<>();
        for (String p : PEOPLE) out.add(LfwPairs.imagePath(Datasets.lfwImages(), p, 1));
        return out;
    }

    private static RgbImage face(int i, int tile) {
        RgbImage photo = ImageDecoder.read(facePhotos().get(i));
        int c = Math.min(150, Math.min(photo.width(), photo.height()));
        RgbImage head = Resampler.crop(photo, (photo.width() - c) / 2, (photo.height() - c) / 2, c, c);
        return Resampler.resize(head, tile, tile);
    }

    private static void paste(byte[] dst, int w, int h, RgbImage src, int x0, int y0) {
        for (int y = 0; y < src.height(); y++) {
            int dy = y0 + y;
            if (dy < 0 || dy >= h) continue;
            int copy = Math.min(src.width(), w - x0);
            System.arraycopy(src.pixels(), y * src.width() * 3, dst, (dy * w + x0) * 3, copy * 3);
        }
    }
}
