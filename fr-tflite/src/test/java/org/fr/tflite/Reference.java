package org.fr.tflite;

/**
 * Plain-Java reference computations of TFLite operators on NHWC float tensors, written from the operators'
 * definitions (TensorFlow's padding rule, row-major layouts), independent of the importer's code. Test helper.
 */
final class Reference {
    private Reference() {}

    /** A dense row-major tensor. */
    record Nd(int[] shape, float[] data) {
        int size() {
            int n = 1;
            for (int d : shape) n *= d;
            return n;
        }
    }

    static int outSize(int in, int k, int stride, int dilation, boolean same) {
        int eff = (k - 1) * dilation + 1;
        return same ? (in + stride - 1) / stride : (in - eff) / stride + 1;
    }

    static int padBefore(int in, int k, int stride, int dilation, boolean same) {
        if (!same) return 0;
        int out = outSize(in, k, stride, dilation, true);
        int eff = (k - 1) * dilation + 1;
        return Math.max((out - 1) * stride + eff - in, 0) / 2;
    }

    /** CONV_2D: x [N,H,W,C], filter [O,KH,KW,C], bias [O] or null. */
    static Nd conv(Nd x, Nd f, float[] bias, int sh, int sw, int dh, int dw, boolean same) {
        int n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
        int o = f.shape[0], kh = f.shape[1], kw = f.shape[2];
        int oh = outSize(h, kh, sh, dh, same), ow = outSize(w, kw, sw, dw, same);
        int pt = padBefore(h, kh, sh, dh, same), pl = padBefore(w, kw, sw, dw, same);
        float[] out = new float[n * oh * ow * o];
        for (int b = 0; b < n; b++)
            for (int y = 0; y < oh; y++)
                for (int xx = 0; xx < ow; xx++)
                    for (int oc = 0; oc < o; oc++) {
                        double s = bias == null ? 0 : bias[oc];
                        for (int ky = 0; ky < kh; ky++)
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = y * sh + ky * dh - pt, ix = xx * sw + kx * dw - pl;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                for (int ic = 0; ic < c; ic++) {
                                    s += x.data[((b * h + iy) * w + ix) * c + ic] * f.data[((oc * kh + ky) * kw + kx) * c + ic];
                                }
                            }
                        out[((b * oh + y) * ow + xx) * o + oc] = (float) s;
                    }
        return new Nd(new int[] {n, oh, ow, o}, out);
    }

    /** DEPTHWISE_CONV_2D: x [N,H,W,C], filter [1,KH,KW,C*M]; output channel c*M+m reads input channel c. */
    static Nd depthwise(Nd x, Nd f, float[] bias, int mult, int sh, int sw, boolean same) {
        int n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
        int kh = f.shape[1], kw = f.shape[2], o = c * mult;
        int oh = outSize(h, kh, sh, 1, same), ow = outSize(w, kw, sw, 1, same);
        int pt = padBefore(h, kh, sh, 1, same), pl = padBefore(w, kw, sw, 1, same);
        float[] out = new float[n * oh * ow * o];
        for (int b = 0; b < n; b++)
            for (int y = 0; y < oh; y++)
                for (int xx = 0; xx < ow; xx++)
                    for (int oc = 0; oc < o; oc++) {
                        int ic = oc / mult;
                        double s = bias == null ? 0 : bias[oc];
                        for (int ky = 0; ky < kh; ky++)
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = y * sh + ky - pt, ix = xx * sw + kx - pl;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                s += x.data[((b * h + iy) * w + ix) * c + ic] * f.data[(ky * kw + kx) * o + oc];
                            }
                        out[((b * oh + y) * ow + xx) * o + oc] = (float) s;
                    }
        return new Nd(new int[] {n, oh, ow, o}, out);
    }

    /** MAX_POOL_2D / AVERAGE_POOL_2D; the average counts only pixels inside the image. */
    static Nd pool(Nd x, int fh, int fw, int sh, int sw, boolean same, boolean max) {
        int n = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
        int oh = outSize(h, fh, sh, 1, same), ow = outSize(w, fw, sw, 1, same);
        int pt = padBefore(h, fh, sh, 1, same), pl = padBefore(w, fw, sw, 1, same);
        float[] out = new float[n * oh * ow * c];
        for (int b = 0; b < n; b++)
            for (int y = 0; y < oh; y++)
                for (int xx = 0; xx < ow; xx++)
                    for (int ch = 0; ch < c; ch++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int count = 0;
                        for (int ky = 0; ky < fh; ky++)
                            for (int kx = 0; kx < fw; kx++) {
                                int iy = y * sh + ky - pt, ix = xx * sw + kx - pl;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                float v = x.data[((b * h + iy) * w + ix) * c + ch];
                                acc = max ? Math.max(acc, v) : acc + v;
                                count++;
                            }
                        out[((b * oh + y) * ow + xx) * c + ch] = (float) (max ? acc : acc / count);
                    }
        return new Nd(new int[] {n, oh, ow, c}, out);
    }

    /** FULLY_CONNECTED: x flattened to [rows, in], weights [out, in]. */
    static float[] fullyConnected(float[] x, float[] wts, float[] bias, int in, int out) {
        int rows = x.length / in;
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < out; o++) {
                double s = bias == null ? 0 : bias[o];
                for (int k = 0; k < in; k++) s += x[r * in + k] * wts[o * in + k];
                y[r * out + o] = (float) s;
            }
        return y;
    }

    /** Numpy broadcasting of two shapes. */
    static int[] broadcastShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] s = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - a.length) >= 0 ? a[i - (r - a.length)] : 1;
            int db = i - (r - b.length) >= 0 ? b[i - (r - b.length)] : 1;
            s[i] = Math.max(da, db);
        }
        return s;
    }

    /** Flat index into a tensor of shape {@code shape} broadcast to {@code out}, for output index coordinates. */
    static int broadcastIndex(int[] shape, int[] out, int[] coord) {
        int idx = 0, off = out.length - shape.length;
        for (int i = 0; i < shape.length; i++) idx = idx * shape[i] + (shape[i] == 1 ? 0 : coord[i + off]);
        return idx;
    }

    interface Binary {
        float apply(float a, float b);
    }

    static Nd binary(Nd a, Nd b, Binary f) {
        int[] shape = broadcastShape(a.shape, b.shape);
        Nd out = new Nd(shape, new float[new Nd(shape, null).size()]);
        int[] coord = new int[shape.length];
        for (int i = 0; i < out.data.length; i++) {
            int rem = i;
            for (int d = shape.length - 1; d >= 0; d--) {
                coord[d] = rem % shape[d];
                rem /= shape[d];
            }
            out.data[i] = f.apply(a.data[broadcastIndex(a.shape, shape, coord)], b.data[broadcastIndex(b.shape, shape, coord)]);
        }
        return out;
    }

    /** A fused activation by TFLite code. */
    static float act(int code, float v) {
        return switch (code) {
            case 0 -> v;
            case 1 -> Math.max(v, 0);
            case 2 -> Math.min(Math.max(v, -1), 1);
            case 3 -> Math.min(Math.max(v, 0), 6);
            case 4 -> (float) Math.tanh(v);
            default -> throw new IllegalArgumentException("activation " + code);
        };
    }

    static float[] act(int code, float[] v) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = act(code, out[i]);
        return out;
    }

    /** Softmax along the last axis of rows of length {@code n}, of {@code beta * x}. */
    static float[] softmax(float[] x, int n, float beta) {
        float[] out = new float[x.length];
        for (int r = 0; r < x.length / n; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < n; i++) max = Math.max(max, beta * x[r * n + i]);
            for (int i = 0; i < n; i++) sum += Math.exp(beta * x[r * n + i] - max);
            for (int i = 0; i < n; i++) out[r * n + i] = (float) (Math.exp(beta * x[r * n + i] - max) / sum);
        }
        return out;
    }

    /** Deterministic pseudo-random values in [-1, 1). */
    static float[] values(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() * 2 - 1;
        return v;
    }
}
