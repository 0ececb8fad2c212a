package org.fr.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fr.ModelException;
import org.fr.tflite.OnnxGraph.Attr;

/**
 * The state of one TFLite to ONNX conversion: the ONNX graph being built, the ONNX value name bound to each TFLite
 * tensor, and constants emitted on first use. Activations keep TFLite's NHWC layout throughout the ONNX graph;
 * only the spatial operators ({@link SpatialOps}) wrap their ONNX node in transposes to and from NCHW, which
 * onnxruntime's layout optimizer then cancels between consecutive spatial operators. Not thread-safe.
 */
final class Conversion {
    final TfliteModel model;
    final OnnxGraph graph = new OnnxGraph();
    final ImportOptions options;
    /** Whether some input's height or width is symbolic (padding of strided SAME operators then follows at run time). */
    final boolean spatialDynamic;
    /** The fixed batch size of an input whose batch dimension was made symbolic, or -1. */
    final int dynamicBatch;
    private final Map<Integer, String> bound = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Map<Integer, TfliteModel.Tensor> folded = new HashMap<>();

    Conversion(TfliteModel model, ImportOptions options) {
        this.model = model;
        this.options = options;
        boolean spatial = false;
        int batch = -1;
        for (int i : model.inputs) {
            TfliteModel.Tensor t = model.tensor(i);
            String[] names = options.dimNames(t.name(), t.shape().length);
            if (names == null) continue;
            for (int d = 0; d < names.length && d < t.shape().length; d++) {
                if (names[d] == null) continue;
                if (d == 0) batch = t.shape()[0];
                else if (d < t.shape().length - 1) spatial = true;
            }
        }
        this.spatialDynamic = spatial;
        this.dynamicBatch = batch;
    }

    ModelException error(TfliteModel.Operator op, String problem) {
        return new ModelException("model " + model.modelId + ": operator " + op.index() + " (" + op.opName() + "): " + problem);
    }

    TfliteModel.Tensor tensor(int index) {
        TfliteModel.Tensor t = folded.get(index);
        return t != null ? t : model.tensor(index);
    }

    /** Makes tensor {@code index}, computed from constants only, a float32 constant holding {@code values}. */
    void foldToFloats(int index, float[] values) {
        TfliteModel.Tensor t = model.tensor(index);
        ByteBuffer data = ByteBuffer.wrap(littleEndian(values)).order(ByteOrder.LITTLE_ENDIAN);
        folded.put(index, new TfliteModel.Tensor(index, t.name(), t.shape(), t.shapeSignature(), TensorType.FLOAT32,
                TensorType.FLOAT32.ordinal(), false, data));
    }

    TfliteModel.Tensor input(TfliteModel.Operator op, int i) {
        return i < op.inputs().length && op.inputs()[i] >= 0 ? tensor(op.inputs()[i]) : null;
    }

    TfliteModel.Tensor output(TfliteModel.Operator op, int i) {
        return tensor(op.outputs()[i]);
    }

    /** The constant data of input {@code i}, failing with a message if it is computed at run time. */
    TfliteModel.Tensor constantInput(TfliteModel.Operator op, int i, String what) {
        TfliteModel.Tensor t = input(op, i);
        if (t == null || !t.constant()) throw error(op, what + " (input " + i + ") must be a constant");
        return t;
    }

    /** A unique ONNX-safe name for a value derived from a TFLite tensor name. */
    String uniqueName(String base) {
        String name = base;
        for (int k = 1; !used.add(name); k++) name = base + "_" + k;
        return name;
    }

    void bind(int tensor, String onnxName) {
        bound.put(tensor, onnxName);
    }

    /** The ONNX value of input {@code i} of {@code op}: a computed value or a constant emitted now. */
    String value(TfliteModel.Operator op, int i) {
        int index = op.inputs()[i];
        TfliteModel.Tensor t = tensor(index);
        if (!bound.containsKey(index) && !t.constant()) {
            throw error(op, "input tensor '" + t.name() + "' is used before any operator computes it");
        }
        return value(index);
    }

    /** The ONNX value of a tensor already computed or constant. */
    String value(int index) {
        String name = bound.get(index);
        if (name != null) return name;
        TfliteModel.Tensor t = tensor(index);
        if (!t.constant()) throw new ModelException("model " + model.modelId + ": tensor '" + t.name() + "' is computed by no operator");
        name = uniqueName(t.name());
        emitConstant(name, t);
        bound.put(index, name);
        return name;
    }

    private void emitConstant(String name, TfliteModel.Tensor t) {
        byte[] raw = new byte[t.data().remaining()];
        t.data().duplicate().get(raw);
        graph.initializer(name, t.type().onnxType, dims(t.shape()), raw);
    }

    /** Emits float data under a fresh name derived from {@code base}. */
    String floats(String base, long[] dims, float[] values) {
        return graph.floatConstant(uniqueName(base), dims, values);
    }

    String int64s(String base, long... values) {
        return graph.int64Constant(uniqueName(base), values);
    }

    String scalar(String base, float value) {
        return graph.floatConstant(uniqueName(base), new long[0], new float[] {value});
    }

    /** Binds the op's output {@code i} to {@code onnxValue}. */
    void result(TfliteModel.Operator op, int i, String onnxValue) {
        bind(op.outputs()[i], onnxValue);
    }

    String node(String opType, List<String> inputs, String outBase, Attr... attrs) {
        String out = uniqueName(outBase);
        graph.node(opType, inputs, List.of(out), attrs);
        return out;
    }

    /** Applies a TFLite fused activation ({@code ActivationFunctionType}) to {@code value}. */
    String activation(TfliteModel.Operator op, int fused, String value) {
        String base = value + "_act";
        return switch (fused) {
            case 0 -> value;
            case 1 -> node("Relu", List.of(value), base);
            case 2 -> node("Clip", List.of(value, scalar(base + "_min", -1f), scalar(base + "_max", 1f)), base);
            case 3 -> node("Clip", List.of(value, scalar(base + "_min", 0f), scalar(base + "_max", 6f)), base);
            case 4 -> node("Tanh", List.of(value), base);
            default -> throw error(op, "fused activation " + fusedName(fused) + " is not supported");
        };
    }

    private static String fusedName(int code) {
        return code == 5 ? "SIGN_BIT" : "code " + code;
    }

    static long[] dims(int[] shape) {
        long[] d = new long[shape.length];
        for (int i = 0; i < shape.length; i++) d[i] = shape[i];
        return d;
    }

    static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }
}
