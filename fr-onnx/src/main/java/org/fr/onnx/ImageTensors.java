package org.fr.onnx;

import org.fr.RgbImage;

/**
 * Turns {@link RgbImage}s into the float tensors networks take. Each method states its layout and the
 * normalisation {@code (value - mean) * scale}. Stateless and thread-safe.
 */
public final class ImageTensors {
    private ImageTensors() {}

    /** A 1x3xHxW tensor, channels in RGB order. */
    public static Tensor nchw(String name, RgbImage img, float mean, float scale) {
        int w = img.width(), h = img.height(), plane = w * h;
        float[] data = new float[3 * plane];
        float[] norm = normalised(mean, scale);
        byte[] p = img.pixels();
        for (int i = 0, s = 0; i < plane; i++, s += 3) {
            data[i] = norm[p[s] & 0xFF];
            data[plane + i] = norm[p[s + 1] & 0xFF];
            data[2 * plane + i] = norm[p[s + 2] & 0xFF];
        }
        return new Tensor(name, new long[] {1, 3, h, w}, data);
    }

    /**
     * The 1x3x(H/2)x(W/2) tensor of the image shrunk by exactly 2 (each output pixel the rounded mean of a 2x2 block,
     * as {@link org.fr.Resampler#resize} does for a factor of 2) in one pass without the intermediate image: element
     * for element equal to {@code nchw(name, Resampler.resize(img, W/2, H/2), mean, scale)}.
     */
    public static Tensor nchwHalved(String name, RgbImage img, float mean, float scale) {
        int w = img.width() / 2, h = img.height() / 2;
        if (w < 1 || h < 1) throw new IllegalArgumentException("image " + img.width() + "x" + img.height() + " is too small to halve");
        float[] data = new float[3 * w * h];
        HalvedNchw.write(img, mean, scale, java.nio.FloatBuffer.wrap(data));
        return new Tensor(name, new long[] {1, 3, h, w}, data);
    }

    /**
     * As {@link #nchwHalved}, written at positions 0 to 3 * (W/2) * (H/2) - 1 of {@code into}: for
     * {@link OnnxModel#run(String, long[], OnnxModel.InputWriter, java.util.Collection)}, which hands over the
     * native input buffer.
     */
    public static void writeNchwHalved(RgbImage img, float mean, float scale, java.nio.FloatBuffer into) {
        if (img.width() < 2 || img.height() < 2) throw new IllegalArgumentException("image " + img.width() + "x" + img.height() + " is too small to halve");
        HalvedNchw.write(img, mean, scale, into);
    }

    /** {@code (v - mean) * scale} for every byte value v, computed as the plain formula would (same float results). */
    private static float[] normalised(float mean, float scale) {
        float[] norm = new float[256];
        for (int v = 0; v < 256; v++) norm[v] = (v - mean) * scale;
        return norm;
    }

    /** An Nx3xHxW batch of equally sized images, channels in RGB order. */
    public static Tensor nchwBatch(String name, java.util.List<RgbImage> imgs, float mean, float scale) {
        RgbImage first = imgs.get(0);
        int w = first.width(), h = first.height(), plane = w * h;
        float[] data = new float[imgs.size() * 3 * plane];
        for (int n = 0; n < imgs.size(); n++) {
            RgbImage img = imgs.get(n);
            if (img.width() != w || img.height() != h) {
                throw new IllegalArgumentException("batch images differ in size: " + img + " vs " + first);
            }
            byte[] p = img.pixels();
            int base = n * 3 * plane;
            for (int i = 0, s = 0; i < plane; i++, s += 3) {
                data[base + i] = ((p[s] & 0xFF) - mean) * scale;
                data[base + plane + i] = ((p[s + 1] & 0xFF) - mean) * scale;
                data[base + 2 * plane + i] = ((p[s + 2] & 0xFF) - mean) * scale;
            }
        }
        return new Tensor(name, new long[] {imgs.size(), 3, h, w}, data);
    }

    /** A 1xHxWx3 tensor, channels in RGB order. */
    public static Tensor nhwc(String name, RgbImage img, float mean, float scale) {
        byte[] p = img.pixels();
        float[] data = new float[p.length];
        for (int i = 0; i < p.length; i++) data[i] = ((p[i] & 0xFF) - mean) * scale;
        return new Tensor(name, new long[] {1, img.height(), img.width(), 3}, data);
    }

    /** A 1x1xHxW tensor of luma {@code 0.299 R + 0.587 G + 0.114 B}, rounded to an integer as OpenCV does. */
    public static Tensor gray(String name, RgbImage img, float mean, float scale) {
        int n = img.width() * img.height();
        float[] data = new float[n];
        byte[] p = img.pixels();
        for (int i = 0, s = 0; i < n; i++, s += 3) {
            int luma = Math.round(0.299f * (p[s] & 0xFF) + 0.587f * (p[s + 1] & 0xFF) + 0.114f * (p[s + 2] & 0xFF));
            data[i] = (luma - mean) * scale;
        }
        return new Tensor(name, new long[] {1, 1, img.height(), img.width()}, data);
    }
}
