package org.fr.opencv;

import java.util.Objects;

import org.fr.InvalidImageException;
import org.fr.RgbImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Converts between OpenCV {@link Mat}s and {@link RgbImage}s, for callers that already hold frames from OpenCV
 * (a {@code VideoCapture}, {@code Imgcodecs.imread}, their own preprocessing).
 *
 * <p>Accepted Mats: {@code CV_8UC1} (grey), {@code CV_8UC3} (BGR, OpenCV's channel order), {@code CV_8UC4} (BGRA,
 * alpha composited over white), and the same with 16-bit samples ({@code CV_16UC1}, {@code CV_16UC3},
 * {@code CV_16UC4}), scaled to 8 bits by {@code round(v * 255 / 65535)}. Continuous and non-continuous Mats (ROIs
 * made by {@code submat}) are both read correctly.
 *
 * <p><b>Native library.</b> OpenCV is a provided dependency of this module: callers put
 * {@code org.openpnp:opencv} on their class path and must load its native library before the first call, e.g. with
 * {@code nu.pattern.OpenCV.loadLocally()}; otherwise the first use of a {@code Mat} fails with an
 * {@link UnsatisfiedLinkError}. This class loads nothing itself.
 *
 * <p><b>Thread safety.</b> Stateless and thread-safe. The methods only read the given Mat; the caller must not
 * modify it from another thread during a call. Every call returns new, independent pixel data, and a Mat returned
 * by {@link #toMat} belongs to the caller, who should {@link Mat#release() release} it when done.
 */
public final class MatImages {
    private static final String DEFAULT_SOURCE = "OpenCV Mat";

    private MatImages() {}

    /** Converts a Mat to RGB; see the class description for the accepted types. */
    public static RgbImage toRgbImage(Mat mat) {
        return toRgbImage(mat, DEFAULT_SOURCE);
    }

    /**
     * Converts a Mat to RGB; see the class description for the accepted types.
     *
     * @param sourceName names the Mat in error messages (e.g. "camera 2, frame 118")
     * @throws InvalidImageException naming the source when the Mat is empty, not two-dimensional, or of another type,
     *                               e.g. {@code "Mat of type CV_32FC1 not supported; expected 8-bit or 16-bit with 1,
     *                               3 or 4 channels"}
     */
    public static RgbImage toRgbImage(Mat mat, String sourceName) {
        Objects.requireNonNull(mat, "mat");
        String source = sourceName == null ? DEFAULT_SOURCE : sourceName;
        if (mat.empty()) throw new InvalidImageException(source, "empty Mat (no pixels)");
        if (mat.dims() != 2) {
            throw new InvalidImageException(source, "Mat with " + mat.dims()
                    + " dimensions not supported; expected a 2-dimensional image");
        }
        int type = mat.type();
        int depth = CvType.depth(type);
        int channels = CvType.channels(type);
        if ((depth != CvType.CV_8U && depth != CvType.CV_16U) || (channels != 1 && channels != 3 && channels != 4)) {
            throw new InvalidImageException(source, "Mat of type " + CvType.typeToString(type)
                    + " not supported; expected 8-bit or 16-bit with 1, 3 or 4 channels");
        }
        int rows = mat.rows(), cols = mat.cols();
        long size = (long) rows * cols * 3;
        if (size > Integer.MAX_VALUE - 8 || (long) cols * channels > Integer.MAX_VALUE - 8) {
            throw new InvalidImageException(source, "Mat too large (" + cols + "x" + rows + ")");
        }
        byte[] out = new byte[(int) size];
        if (depth == CvType.CV_8U) {
            byte[] row = new byte[cols * channels];
            for (int y = 0, d = 0; y < rows; y++) {
                mat.get(y, 0, row);
                for (int x = 0, s = 0; x < cols; x++, s += channels, d += 3) {
                    put(out, d, channels, row[s] & 0xFF,
                            channels > 1 ? row[s + 1] & 0xFF : 0,
                            channels > 1 ? row[s + 2] & 0xFF : 0,
                            channels == 4 ? row[s + 3] & 0xFF : 255);
                }
            }
        } else {
            short[] row = new short[cols * channels];
            for (int y = 0, d = 0; y < rows; y++) {
                mat.get(y, 0, row);
                for (int x = 0, s = 0; x < cols; x++, s += channels, d += 3) {
                    put(out, d, channels, to8(row[s]),
                            channels > 1 ? to8(row[s + 1]) : 0,
                            channels > 1 ? to8(row[s + 2]) : 0,
                            channels == 4 ? to8(row[s + 3]) : 255);
                }
            }
        }
        return new RgbImage(cols, rows, out);
    }

    /** A new {@code CV_8UC3} Mat holding the image in OpenCV's BGR order; the caller owns (and releases) it. */
    public static Mat toMat(RgbImage img) {
        Objects.requireNonNull(img, "img");
        byte[] src = img.pixels();
        byte[] bgr = new byte[src.length];
        for (int i = 0; i < src.length; i += 3) {
            bgr[i] = src[i + 2];
            bgr[i + 1] = src[i + 1];
            bgr[i + 2] = src[i];
        }
        Mat mat = new Mat(img.height(), img.width(), CvType.CV_8UC3);
        mat.put(0, 0, bgr);
        return mat;
    }

    /** Writes one pixel given as (first, second, third, alpha) samples in OpenCV order: grey, or B, G, R. */
    private static void put(byte[] out, int d, int channels, int c0, int c1, int c2, int alpha) {
        int r, g, b;
        if (channels == 1) {
            r = g = b = c0;
        } else {
            b = c0;
            g = c1;
            r = c2;
        }
        if (alpha != 255) {
            r = overWhite(r, alpha);
            g = overWhite(g, alpha);
            b = overWhite(b, alpha);
        }
        out[d] = (byte) r;
        out[d + 1] = (byte) g;
        out[d + 2] = (byte) b;
    }

    private static int to8(short v) {
        return ((v & 0xFFFF) * 255 + 32767) / 65535;
    }

    private static int overWhite(int c, int a) {
        return (c * a + 255 * (255 - a) + 127) / 255;
    }
}
