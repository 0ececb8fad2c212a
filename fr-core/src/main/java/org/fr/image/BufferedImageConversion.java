package org.fr.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Objects;

import org.fr.RgbImage;

/**
 * Converts between {@link BufferedImage} and {@link RgbImage}. Grey and RGB samples of any depth are taken as they
 * are stored (scaled to 8 bits), without the colour-space conversion that {@link BufferedImage#getRGB} applies to
 * grey images (which would brighten grey 128 to 188); indexed images go through their palette; other colour
 * spaces (CMYK, ...) through {@code getRGB}. Alpha is composited over white. Stateless and thread-safe.
 */
public final class BufferedImageConversion {
    private BufferedImageConversion() {}

    /** The image as 8-bit RGB, alpha composited over white. */
    public static RgbImage toRgb(BufferedImage img) {
        Objects.requireNonNull(img, "img");
        int w = img.getWidth(), h = img.getHeight();
        long size = (long) w * h * 3;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image too large for an RgbImage: " + w + "x" + h);
        }
        byte[] out = new byte[(int) size];
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        if (!copyInterleavedBytes(r, cm, out)) {
            if (cm instanceof IndexColorModel icm) {
                indexed(r, icm, out);
            } else if (rawComponentsUsable(cm, r)) {
                components(r, cm, out);
            } else {
                viaGetRgb(img, out);
            }
        }
        return new RgbImage(w, h, out);
    }

    /** A {@link BufferedImage#TYPE_3BYTE_BGR} copy of the image, for drawing on or writing with ImageIO. */
    public static BufferedImage toBufferedImage(RgbImage img) {
        Objects.requireNonNull(img, "img");
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
        byte[] src = img.pixels();
        for (int i = 0; i < src.length; i += 3) {
            dst[i] = src[i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[i];
        }
        return bi;
    }

    private static boolean isGrayOrRgb(ColorModel cm) {
        int type = cm.getColorSpace().getType();
        int nc = cm.getNumColorComponents();
        return (type == ColorSpace.TYPE_GRAY && nc == 1) || (type == ColorSpace.TYPE_RGB && nc == 3);
    }

    /** Fast path for opaque 8-bit grey or RGB stored interleaved in bytes (what the JPEG reader returns). */
    private static boolean copyInterleavedBytes(Raster r, ColorModel cm, byte[] out) {
        if (!(cm instanceof ComponentColorModel) || cm.hasAlpha() || !isGrayOrRgb(cm)) return false;
        if (!(r.getDataBuffer() instanceof DataBufferByte db) || db.getNumBanks() != 1) return false;
        if (!(r.getSampleModel() instanceof ComponentSampleModel sm)) return false;
        int nc = cm.getNumComponents();
        if (sm.getNumBands() != nc || r.getNumBands() != nc) return false;
        for (int i = 0; i < nc; i++) {
            if (cm.getComponentSize(i) != 8 || sm.getBankIndices()[i] != 0) return false;
        }
        int[] bo = sm.getBandOffsets();
        int ps = sm.getPixelStride(), ss = sm.getScanlineStride();
        byte[] data = db.getData();
        int base = db.getOffset() - r.getSampleModelTranslateY() * ss - r.getSampleModelTranslateX() * ps;
        int w = r.getWidth(), h = r.getHeight();
        int d = 0;
        if (nc == 3) {
            int b0 = bo[0], b1 = bo[1], b2 = bo[2];
            for (int y = 0; y < h; y++) {
                for (int x = 0, p = base + y * ss; x < w; x++, p += ps) {
                    out[d++] = data[p + b0];
                    out[d++] = data[p + b1];
                    out[d++] = data[p + b2];
                }
            }
        } else {
            int b0 = bo[0];
            for (int y = 0; y < h; y++) {
                for (int x = 0, p = base + y * ss; x < w; x++, p += ps) {
                    byte v = data[p + b0];
                    out[d++] = v;
                    out[d++] = v;
                    out[d++] = v;
                }
            }
        }
        return true;
    }

    private static boolean rawComponentsUsable(ColorModel cm, Raster r) {
        if (!(cm instanceof ComponentColorModel || cm instanceof DirectColorModel) || !isGrayOrRgb(cm)) return false;
        if (r.getNumBands() != cm.getNumComponents()) return false;
        int tt = r.getTransferType();
        if (tt == DataBuffer.TYPE_FLOAT || tt == DataBuffer.TYPE_DOUBLE) return cm instanceof ComponentColorModel;
        for (int i = 0; i < cm.getNumComponents(); i++) {
            int bits = cm.getComponentSize(i);
            if (bits < 1 || bits > 16) return false;
        }
        return true;
    }

    /** Grey or RGB (plus alpha) samples of 1 to 16 bits, or normalised floats, scaled to 8 bits. */
    private static void components(Raster r, ColorModel cm, byte[] out) {
        int w = r.getWidth(), h = r.getHeight();
        int nb = cm.getNumComponents();
        int nc = cm.getNumColorComponents();
        boolean alpha = cm.hasAlpha();
        boolean premultiplied = alpha && cm.isAlphaPremultiplied();
        int tt = r.getTransferType();
        boolean floats = tt == DataBuffer.TYPE_FLOAT || tt == DataBuffer.TYPE_DOUBLE;
        int[] max = new int[nb];
        for (int i = 0; i < nb; i++) max[i] = (1 << cm.getComponentSize(i)) - 1;
        int[] row = new int[w * nb];
        float[] frow = floats ? new float[w * nb] : null;
        int[] px = new int[nb];
        int d = 0;
        for (int y = 0; y < h; y++) {
            if (floats) {
                r.getPixels(0, y, w, 1, frow);
                for (int i = 0; i < frow.length; i++) {
                    float v = frow[i];
                    row[i] = v > 0f ? (v < 1f ? Math.round(v * 255f) : 255) : 0;  // NaN -> 0
                }
            } else {
                r.getPixels(0, y, w, 1, row);
                for (int i = 0; i < row.length; i++) {
                    int m = max[i % nb];
                    if (m != 255) row[i] = (int) (((long) row[i] * 255 + m / 2) / m);
                }
            }
            for (int x = 0, s = 0; x < w; x++, s += nb) {
                for (int i = 0; i < nb; i++) px[i] = row[s + i];
                int rr, gg, bb;
                if (nc == 1) {
                    rr = gg = bb = px[0];
                } else {
                    rr = px[0];
                    gg = px[1];
                    bb = px[2];
                }
                if (alpha) {
                    int a = px[nc];
                    if (premultiplied) {
                        rr = overPremultiplied(rr, a);
                        gg = overPremultiplied(gg, a);
                        bb = overPremultiplied(bb, a);
                    } else {
                        rr = overWhite(rr, a);
                        gg = overWhite(gg, a);
                        bb = overWhite(bb, a);
                    }
                }
                out[d++] = (byte) rr;
                out[d++] = (byte) gg;
                out[d++] = (byte) bb;
            }
        }
    }

    private static void indexed(Raster r, IndexColorModel icm, byte[] out) {
        int w = r.getWidth(), h = r.getHeight();
        int size = icm.getMapSize();
        int[] palette = new int[size];
        icm.getRGBs(palette);
        int[] idx = new int[w];
        int d = 0;
        for (int y = 0; y < h; y++) {
            r.getSamples(0, y, w, 1, 0, idx);
            for (int x = 0; x < w; x++) {
                int i = idx[x];
                d = putArgb(i >= 0 && i < size ? palette[i] : 0xFF000000, out, d);
            }
        }
    }

    private static void viaGetRgb(BufferedImage img, byte[] out) {
        int w = img.getWidth(), h = img.getHeight();
        int[] row = new int[w];
        int d = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) d = putArgb(row[x], out, d);
        }
    }

    /** Writes a non-premultiplied ARGB pixel, composited over white. */
    private static int putArgb(int argb, byte[] out, int d) {
        int a = argb >>> 24;
        int rr = (argb >> 16) & 0xFF, gg = (argb >> 8) & 0xFF, bb = argb & 0xFF;
        if (a != 255) {
            rr = overWhite(rr, a);
            gg = overWhite(gg, a);
            bb = overWhite(bb, a);
        }
        out[d] = (byte) rr;
        out[d + 1] = (byte) gg;
        out[d + 2] = (byte) bb;
        return d + 3;
    }

    private static int overWhite(int c, int a) {
        return (c * a + 255 * (255 - a) + 127) / 255;
    }

    private static int overPremultiplied(int c, int a) {
        return Math.min(255, c + 255 - a);
    }
}
