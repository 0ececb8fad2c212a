package org.fr.tflite;

import java.util.ArrayList;
import java.util.List;
import org.fr.tflite.OnnxGraph.Attr;

/**
 * CONV_2D, DEPTHWISE_CONV_2D, MAX_POOL_2D and AVERAGE_POOL_2D: NHWC in and out, computed by the NCHW ONNX
 * operator between two transposes. Filters are rearranged to ONNX's {@code [out, in/group, kh, kw]} here.
 * TF's SAME padding puts the odd pixel at the end (ONNX {@code SAME_UPPER}); it is written as explicit pads
 * where the input size is fixed or the stride is 1, and as {@code auto_pad=SAME_UPPER} where a symbolic height
 * or width makes the pads depend on the input.
 */
final class SpatialOps {
    // Conv2DOptions
    private static final int CONV_PADDING = 0, CONV_STRIDE_W = 1, CONV_STRIDE_H = 2, CONV_ACTIVATION = 3,
            CONV_DILATION_W = 4, CONV_DILATION_H = 5;
    // DepthwiseConv2DOptions
    private static final int DW_PADDING = 0, DW_STRIDE_W = 1, DW_STRIDE_H = 2, DW_ACTIVATION = 4,
            DW_DILATION_W = 5, DW_DILATION_H = 6;
    // Pool2DOptions
    private static final int POOL_PADDING = 0, POOL_STRIDE_W = 1, POOL_STRIDE_H = 2, POOL_FILTER_W = 3,
            POOL_FILTER_H = 4, POOL_ACTIVATION = 5;
    private static final int SAME = 0, VALID = 1;

    private SpatialOps() {}

    static void conv(Conversion c, TfliteModel.Operator op, boolean depthwise) {
        FlatTable o = options(c, op);
        int padding = o.int8(depthwise ? DW_PADDING : CONV_PADDING, SAME);
        int sw = o.int32(depthwise ? DW_STRIDE_W : CONV_STRIDE_W, 1), sh = o.int32(depthwise ? DW_STRIDE_H : CONV_STRIDE_H, 1);
        int dw = o.int32(depthwise ? DW_DILATION_W : CONV_DILATION_W, 1), dh = o.int32(depthwise ? DW_DILATION_H : CONV_DILATION_H, 1);
        int act = o.int8(depthwise ? DW_ACTIVATION : CONV_ACTIVATION, 0);

        TfliteModel.Tensor x = nhwc(c, op);
        TfliteModel.Tensor filter = c.constantInput(op, 1, "filter");
        if (filter.shape().length != 4) throw c.error(op, "filter must have rank 4, has shape " + java.util.Arrays.toString(filter.shape()));
        int kh = filter.shape()[1], kw = filter.shape()[2];
        int inChannels = x.shape()[3];
        long group;
        String weights;
        if (depthwise) {
            int outChannels = filter.shape()[3];
            if (outChannels % inChannels != 0) {
                throw c.error(op, "filter channels " + outChannels + " are not a multiple of the input channels " + inChannels);
            }
            weights = c.floats(filter.name() + "_oihw", new long[] {outChannels, 1, kh, kw}, depthwiseWeights(filter.floats(), kh, kw, outChannels));
            group = inChannels;
        } else {
            int out = filter.shape()[0], in = filter.shape()[3];
            if (inChannels % in != 0) throw c.error(op, "input channels " + inChannels + " are not a multiple of the filter's " + in);
            weights = c.floats(filter.name() + "_oihw", new long[] {out, in, kh, kw}, convWeights(filter.floats(), out, kh, kw, in));
            group = inChannels / in;
        }
        List<String> inputs = new ArrayList<>(List.of(toNchw(c, c.value(op, 0)), weights));
        TfliteModel.Tensor bias = c.input(op, 2);
        if (bias != null) inputs.add(c.value(op, 2));
        List<Attr> attrs = new ArrayList<>(List.of(Attr.ints("kernel_shape", kh, kw), Attr.ints("strides", sh, sw),
                Attr.ints("dilations", dh, dw), Attr.i("group", group)));
        attrs.add(padding(c, op, padding, x, kh, kw, sh, sw, dh, dw));
        String y = c.node("Conv", inputs, c.output(op, 0).name() + "_nchw", attrs.toArray(Attr[]::new));
        c.result(op, 0, c.activation(op, act, toNhwc(c, y)));
    }

    static void pool(Conversion c, TfliteModel.Operator op, boolean max) {
        FlatTable o = options(c, op);
        int padding = o.int8(POOL_PADDING, SAME);
        int sw = o.int32(POOL_STRIDE_W, 1), sh = o.int32(POOL_STRIDE_H, 1);
        int fw = o.int32(POOL_FILTER_W, 1), fh = o.int32(POOL_FILTER_H, 1);
        int act = o.int8(POOL_ACTIVATION, 0);
        TfliteModel.Tensor x = nhwc(c, op);
        List<Attr> attrs = new ArrayList<>(List.of(Attr.ints("kernel_shape", fh, fw), Attr.ints("strides", sh, sw)));
        attrs.add(padding(c, op, padding, x, fh, fw, sh, sw, 1, 1));
        // AveragePool's default count_include_pad=0 matches TF, which averages over the pixels inside the image
        String y = c.node(max ? "MaxPool" : "AveragePool", List.of(toNchw(c, c.value(op, 0))),
                c.output(op, 0).name() + "_nchw", attrs.toArray(Attr[]::new));
        c.result(op, 0, c.activation(op, act, toNhwc(c, y)));
    }

    private static TfliteModel.Tensor nhwc(Conversion c, TfliteModel.Operator op) {
        TfliteModel.Tensor x = c.input(op, 0);
        if (x.shape().length != 4) {
            throw c.error(op, "input '" + x.name() + "' must be NHWC of rank 4, has shape " + java.util.Arrays.toString(x.shape()));
        }
        return x;
    }

    private static FlatTable options(Conversion c, TfliteModel.Operator op) {
        if (op.options() == null) throw c.error(op, "has no options table");
        return op.options();
    }

    private static Attr padding(Conversion c, TfliteModel.Operator op, int padding, TfliteModel.Tensor x,
                                int kh, int kw, int sh, int sw, int dh, int dw) {
        if (padding == VALID) return Attr.ints("pads", 0, 0, 0, 0);
        if (padding != SAME) throw c.error(op, "unknown padding " + padding);
        if (c.spatialDynamic && (sh != 1 || sw != 1)) return Attr.s("auto_pad", "SAME_UPPER");
        int[] ph = samePads(x.shape()[1], kh, sh, dh), pw = samePads(x.shape()[2], kw, sw, dw);
        return Attr.ints("pads", ph[0], pw[0], ph[1], pw[1]);
    }

    /** TF SAME padding along one axis: {before, after}, the odd pixel after. */
    static int[] samePads(int in, int k, int stride, int dilation) {
        int out = (in + stride - 1) / stride;
        int effective = (k - 1) * dilation + 1;
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    static String toNchw(Conversion c, String nhwc) {
        return c.node("Transpose", List.of(nhwc), nhwc + "_to_nchw", Attr.ints("perm", 0, 3, 1, 2));
    }

    static String toNhwc(Conversion c, String nchw) {
        return c.node("Transpose", List.of(nchw), nchw + "_to_nhwc", Attr.ints("perm", 0, 2, 3, 1));
    }

    /** TFLite {@code [out, kh, kw, in]} to ONNX {@code [out, in, kh, kw]}. */
    static float[] convWeights(float[] w, int out, int kh, int kw, int in) {
        float[] r = new float[w.length];
        for (int o = 0; o < out; o++)
            for (int y = 0; y < kh; y++)
                for (int x = 0; x < kw; x++)
                    for (int i = 0; i < in; i++)
                        r[((o * in + i) * kh + y) * kw + x] = w[((o * kh + y) * kw + x) * in + i];
        return r;
    }

    /** TFLite depthwise {@code [1, kh, kw, channels*multiplier]} to ONNX {@code [channels*multiplier, 1, kh, kw]}. */
    static float[] depthwiseWeights(float[] w, int kh, int kw, int out) {
        float[] r = new float[w.length];
        for (int y = 0; y < kh; y++)
            for (int x = 0; x < kw; x++)
                for (int o = 0; o < out; o++)
                    r[(o * kh + y) * kw + x] = w[(y * kw + x) * out + o];
        return r;
    }
}
