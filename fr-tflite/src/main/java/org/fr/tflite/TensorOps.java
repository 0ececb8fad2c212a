package org.fr.tflite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fr.tflite.OnnxGraph.Attr;

/**
 * Operators that move, reshape or reduce whole tensors: FULLY_CONNECTED, RESHAPE, SOFTMAX, CONCATENATION, the
 * reductions, PAD, TRANSPOSE, SQUEEZE, STRIDED_SLICE and L2_NORMALIZATION. Axes are TFLite's, as activations
 * stay NHWC.
 */
final class TensorOps {
    // FullyConnectedOptions
    private static final int FC_ACTIVATION = 0, FC_WEIGHTS_FORMAT = 1, FC_KEEP_NUM_DIMS = 2;
    // ReshapeOptions
    private static final int RESHAPE_NEW_SHAPE = 0;
    // SoftmaxOptions
    private static final int SOFTMAX_BETA = 0;
    // ConcatenationOptions
    private static final int CONCAT_AXIS = 0, CONCAT_ACTIVATION = 1;
    // ReducerOptions
    private static final int REDUCER_KEEP_DIMS = 0;
    // SqueezeOptions
    private static final int SQUEEZE_DIMS = 0;
    // StridedSliceOptions
    private static final int SS_BEGIN_MASK = 0, SS_END_MASK = 1, SS_ELLIPSIS_MASK = 2, SS_NEW_AXIS_MASK = 3,
            SS_SHRINK_AXIS_MASK = 4, SS_OFFSET = 5;
    // L2NormOptions
    private static final int L2_ACTIVATION = 0;
    /** The epsilon of TFLite's L2_NORMALIZATION kernel: {@code x / sqrt(max(sum(x^2), eps))}. */
    static final float L2_EPSILON = 1e-6f;

    private TensorOps() {}

    /** {@code y = x W^T + b} with x flattened to {@code [-1, in]} (or kept, with keep_num_dims). */
    static void fullyConnected(Conversion c, TfliteModel.Operator op) {
        FlatTable o = op.options();
        int act = o == null ? 0 : o.int8(FC_ACTIVATION, 0);
        if (o != null && o.int8(FC_WEIGHTS_FORMAT, 0) != 0) throw c.error(op, "shuffled int8 weights are not supported");
        boolean keepDims = o != null && o.bool(FC_KEEP_NUM_DIMS);
        TfliteModel.Tensor w = c.input(op, 1);
        if (w.shape().length != 2) throw c.error(op, "weights must have rank 2, have shape " + Arrays.toString(w.shape()));
        int out = w.shape()[0], in = w.shape()[1];
        String name = c.output(op, 0).name();
        String weightsT;
        if (w.constant()) {
            float[] src = w.floats(), t = new float[src.length];
            for (int r = 0; r < out; r++) for (int k = 0; k < in; k++) t[k * out + r] = src[r * in + k];
            weightsT = c.floats(w.name() + "_t", new long[] {in, out}, t);
        } else {
            weightsT = c.node("Transpose", List.of(c.value(op, 1)), w.name() + "_t", Attr.ints("perm", 1, 0));
        }
        String x = c.value(op, 0);
        if (!keepDims) x = c.node("Reshape", List.of(x, c.int64s(name + "_flat", -1, in)), name + "_flat");
        String y = c.node("MatMul", List.of(x, weightsT), name + "_matmul");
        if (c.input(op, 2) != null) y = c.node("Add", List.of(y, c.value(op, 2)), name + "_bias");
        c.result(op, 0, c.activation(op, act, y));
    }

    static void reshape(Conversion c, TfliteModel.Operator op) {
        long[] shape;
        TfliteModel.Tensor shapeInput = c.input(op, 1);
        if (shapeInput != null && shapeInput.constant()) shape = shapeInput.integers();
        else if (op.options() != null && op.options().vectorLength(RESHAPE_NEW_SHAPE) > 0) {
            shape = Arrays.stream(op.options().int32Vector(RESHAPE_NEW_SHAPE)).asLongStream().toArray();
        } else if (shapeInput != null) {
            throw c.error(op, "a shape computed at run time is not supported");
        } else {
            shape = Conversion.dims(c.output(op, 0).shape());
        }
        TfliteModel.Tensor x = c.input(op, 0);
        // a symbolic batch: a reshape that keeps the fixed batch size as its first dimension copies it instead
        if (c.dynamicBatch > 0 && shape.length > 0 && x.shape().length > 0 && shape[0] == c.dynamicBatch
                && x.shape()[0] == c.dynamicBatch) {
            shape = shape.clone();
            shape[0] = 0;
        }
        String name = c.output(op, 0).name();
        c.result(op, 0, c.node("Reshape", List.of(c.value(op, 0), c.int64s(name + "_shape", shape)), name));
    }

    static void softmax(Conversion c, TfliteModel.Operator op) {
        float beta = op.options() == null ? 1f : op.options().float32(SOFTMAX_BETA, 1f);
        String name = c.output(op, 0).name();
        String x = c.value(op, 0);
        if (beta != 1f) x = c.node("Mul", List.of(x, c.scalar(name + "_beta", beta)), name + "_scaled");
        c.result(op, 0, c.node("Softmax", List.of(x), name, Attr.i("axis", -1)));
    }

    static void concatenation(Conversion c, TfliteModel.Operator op) {
        FlatTable o = op.options();
        int axis = o == null ? 0 : o.int32(CONCAT_AXIS, 0);
        int act = o == null ? 0 : o.int8(CONCAT_ACTIVATION, 0);
        List<String> in = new ArrayList<>();
        for (int i = 0; i < op.inputs().length; i++) in.add(c.value(op, i));
        String y = c.node("Concat", in, c.output(op, 0).name(), Attr.i("axis", axis));
        c.result(op, 0, c.activation(op, act, y));
    }

    /** MEAN, SUM and REDUCE_MAX over constant axes. Opset 13: ReduceSum takes axes as an input, the others as an attribute. */
    static void reduce(Conversion c, TfliteModel.Operator op, String onnxOp) {
        long[] axes = c.constantInput(op, 1, "axes").integers();
        boolean keep = op.options() != null && op.options().bool(REDUCER_KEEP_DIMS);
        String name = c.output(op, 0).name();
        Attr keepDims = Attr.i("keepdims", keep ? 1 : 0);
        String y = onnxOp.equals("ReduceSum")
                ? c.node(onnxOp, List.of(c.value(op, 0), c.int64s(name + "_axes", axes)), name, keepDims)
                : c.node(onnxOp, List.of(c.value(op, 0)), name, Attr.ints("axes", axes), keepDims);
        c.result(op, 0, y);
    }

    /** PAD with zeros: TFLite paddings {@code [rank, 2]} become ONNX pads {@code [begins..., ends...]}. */
    static void pad(Conversion c, TfliteModel.Operator op) {
        long[] p = c.constantInput(op, 1, "paddings").integers();
        int rank = p.length / 2;
        long[] pads = new long[p.length];
        for (int i = 0; i < rank; i++) {
            pads[i] = p[2 * i];
            pads[rank + i] = p[2 * i + 1];
        }
        String name = c.output(op, 0).name();
        c.result(op, 0, c.node("Pad", List.of(c.value(op, 0), c.int64s(name + "_pads", pads)), name));
    }

    static void transpose(Conversion c, TfliteModel.Operator op) {
        long[] perm = c.constantInput(op, 1, "permutation").integers();
        c.result(op, 0, c.node("Transpose", List.of(c.value(op, 0)), c.output(op, 0).name(), Attr.ints("perm", perm)));
    }

    static void squeeze(Conversion c, TfliteModel.Operator op) {
        int[] dims = op.options() == null ? new int[0] : op.options().int32Vector(SQUEEZE_DIMS);
        String name = c.output(op, 0).name();
        List<String> in = new ArrayList<>(List.of(c.value(op, 0)));
        if (dims.length > 0) in.add(c.int64s(name + "_axes", Arrays.stream(dims).asLongStream().toArray()));
        c.result(op, 0, c.node("Squeeze", in, name));
    }

    /**
     * STRIDED_SLICE with constant begin, end and strides: masked bounds become the full range, and shrunk axes
     * are sliced to one element and squeezed. Ellipsis and new-axis masks are not supported.
     */
    static void stridedSlice(Conversion c, TfliteModel.Operator op) {
        FlatTable o = op.options();
        int beginMask = o == null ? 0 : o.int32(SS_BEGIN_MASK, 0), endMask = o == null ? 0 : o.int32(SS_END_MASK, 0);
        int shrink = o == null ? 0 : o.int32(SS_SHRINK_AXIS_MASK, 0);
        if (o != null && (o.int32(SS_ELLIPSIS_MASK, 0) != 0 || o.int32(SS_NEW_AXIS_MASK, 0) != 0)) {
            throw c.error(op, "ellipsis and new-axis masks are not supported");
        }
        boolean offset = o != null && o.bool(SS_OFFSET);
        long[] begin = c.constantInput(op, 1, "begin").integers();
        long[] end = c.constantInput(op, 2, "end").integers();
        long[] strides = c.constantInput(op, 3, "strides").integers();
        int n = begin.length;
        long[] starts = new long[n], ends = new long[n], axes = new long[n];
        List<Long> squeezed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            axes[i] = i;
            boolean backwards = strides[i] < 0;
            starts[i] = (beginMask >> i & 1) != 0 ? (backwards ? Long.MAX_VALUE : 0) : begin[i];
            if ((shrink >> i & 1) != 0) {
                ends[i] = starts[i] == -1 ? Long.MAX_VALUE : starts[i] + 1;
                squeezed.add((long) i);
            } else if ((endMask >> i & 1) != 0) {
                ends[i] = backwards ? Long.MIN_VALUE : Long.MAX_VALUE;
            } else {
                ends[i] = offset ? starts[i] + end[i] : end[i];
            }
        }
        String name = c.output(op, 0).name();
        String y = c.node("Slice", List.of(c.value(op, 0), c.int64s(name + "_starts", starts), c.int64s(name + "_ends", ends),
                c.int64s(name + "_axes", axes), c.int64s(name + "_steps", strides)), squeezed.isEmpty() ? name : name + "_slice");
        if (!squeezed.isEmpty()) {
            y = c.node("Squeeze", List.of(y, c.int64s(name + "_squeeze", squeezed.stream().mapToLong(Long::longValue).toArray())), name);
        }
        c.result(op, 0, y);
    }

    /** {@code x / sqrt(max(sum(x^2, last axis), 1e-6))}, as TFLite's kernel. */
    static void l2Normalization(Conversion c, TfliteModel.Operator op) {
        int act = op.options() == null ? 0 : op.options().int8(L2_ACTIVATION, 0);
        String name = c.output(op, 0).name();
        String x = c.value(op, 0);
        String sum = c.node("ReduceSumSquare", List.of(x), name + "_sumsq", Attr.ints("axes", -1), Attr.i("keepdims", 1));
        String clamped = c.node("Max", List.of(sum, c.scalar(name + "_eps", L2_EPSILON)), name + "_clamped");
        String norm = c.node("Sqrt", List.of(clamped), name + "_norm");
        c.result(op, 0, c.activation(op, act, c.node("Div", List.of(x, norm), name)));
    }
}
