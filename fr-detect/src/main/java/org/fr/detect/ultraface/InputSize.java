package org.fr.detect.ultraface;

/**
 * The size the detector network runs at: either fixed ({@code 320x240}, the size the model was trained at, the
 * default) or following each image's aspect ratio with its longer side at a given length ({@code auto:640}),
 * both sides rounded to multiples of 16. Larger inputs find smaller faces and cost more. Immutable and thread-safe.
 */
public record InputSize(int width, int height, int longSide) {
    public static final InputSize DEFAULT = new InputSize(320, 240, 0);
    private static final int ALIGN = 16, MIN = 64, MAX = 4096;

    public InputSize {
        if (longSide == 0) {
            check(width, "width");
            check(height, "height");
        } else {
            check(longSide, "longer side");
        }
    }

    private static void check(int v, String what) {
        if (v < MIN || v > MAX || v % ALIGN != 0) {
            throw new IllegalArgumentException("input " + what + " must be a multiple of " + ALIGN + " in [" + MIN + ", " + MAX + "], got " + v);
        }
    }

    /** Parses {@code WxH} or {@code auto:N}. */
    public static InputSize parse(String s) {
        String t = s.trim().toLowerCase();
        try {
            if (t.startsWith("auto:")) return new InputSize(0, 0, Integer.parseInt(t.substring(5)));
            String[] wh = t.split("x");
            if (wh.length == 2) return new InputSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), 0);
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("input size must be WxH (e.g. 640x480) or auto:N (e.g. auto:640), got '" + s + "'");
    }

    /** The network input {width, height} for an image of the given size. */
    int[] forImage(int imageWidth, int imageHeight) {
        if (longSide == 0) return new int[] {width, height};
        double scale = (double) longSide / Math.max(imageWidth, imageHeight);
        return new int[] {round(imageWidth * scale), round(imageHeight * scale)};
    }

    private static int round(double v) {
        return Math.max(MIN, (int) Math.round(v / ALIGN) * ALIGN);
    }

    @Override
    public String toString() { return longSide == 0 ? width + "x" + height : "auto:" + longSide; }
}
