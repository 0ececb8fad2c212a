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
        return nchw(name, img, mean, scale, null);
    }

    /**
     * As {@link #nchw(String, RgbImage, float, float)}, written into {@code reuse} when it has exactly
     * {@code 3 * width * height} elements (else into a new array): for callers that run the tensor at once and keep
     * one buffer per thread, which spares a large allocation per image. The tensor is backed by {@code reuse}.
     */
    public static Tensor nchw(String name, RgbImage img, float mean, float scale, float[] reuse) {
        int w = img.width(), h = img.height(), plane = w * h;
        float[] data = reuse != null && reuse.length == 3 * plane ? reuse : new float[3 * plane];
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
     * as {@link org.fr.Resampler#resize} does for a factor of 2), in one pass without the intermediate image:
     * element for element equal to {@code nchw(name, Resampler.resize(img, W/2, H/2), mean, scale, reuse)}.
     */
    public static Tensor nchwHalved(String name, RgbImage img, float mean, float scale, float[] reuse) {
        int w = img.width() / 2, h = img.height() / 2, plane = w * h, stride = img.width() * 3;
        float[] data = reuse != null && reuse.length == 3 * plane ? reuse : new float[3 * plane];
        float[] norm = normalised(mean, scale);
        byte[] src = img.pixels();
        for (int y = 0; y < h; y++) {
            int r0 = 2 * y * stride, r1 = r0 + stride, o = y * w;
            for (int x = 0; x < w; x++, o++) {
                int a = r0 + 6 * x, b = r1 + 6 * x;
                data[o] = norm[((src[a] & 0xFF) + (src[a + 3] & 0xFF) + (src[b] & 0xFF) + (src[b + 3] & 0xFF) + 2) >> 2];
                data[plane + o] = norm[((src[a + 1] & 0xFF) + (src[a + 4] & 0xFF) + (src[b + 1] & 0xFF) + (src[b + 4] & 0xFF) + 2) >> 2];
                data[2 * plane + o] = norm[((src[a + 2] & 0xFF) + (src[a + 5] & 0xFF) + (src[b + 2] & 0xFF) + (src[b + 5] & 0xFF) + 2) >> 2];
            }
        }
        return new Tensor(name, new long[] {1, 3, h, w}, data);
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
