package org.fr.tflite;

import static org.fr.tflite.BuiltinOperator.*;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fr.ModelException;

/**
 * Converts a parsed TFLite model into ONNX bytes: graph inputs and outputs keep their TFLite names, types and
 * NHWC shapes (with the dimensions {@link ImportOptions} makes symbolic), constants become initializers, and each
 * operator becomes one or a few ONNX nodes, except the element-wise PReLU spellings {@link PreluFusion} finds,
 * which become one PRelu node each. Stateless; thread-safe.
 */
final class TfliteConverter {
    /** Bumped whenever the produced ONNX graph changes, so that cached conversions are redone. */
    static final String VERSION = "2";

    /** Every builtin operator the converter handles (see {@link #convertOperator}). */
    static final Set<String> SUPPORTED = new TreeSet<>(List.of(
            "ABS", "ADD", "AVERAGE_POOL_2D", "CAST", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEQUANTIZE",
            "DIV", "EXP", "FULLY_CONNECTED", "GREATER", "GREATER_EQUAL", "L2_NORMALIZATION", "LEAKY_RELU", "LESS",
            "LESS_EQUAL", "LOGISTIC", "MAXIMUM", "MAX_POOL_2D", "MEAN", "MINIMUM", "MUL", "NEG", "PAD", "PRELU",
            "REDUCE_MAX", "RELU", "RELU6", "RELU_N1_TO_1", "RESHAPE", "RSQRT", "SOFTMAX", "SQRT", "SQUEEZE",
            "STRIDED_SLICE", "SUB", "SUM", "TANH", "TRANSPOSE"));

    private TfliteConverter() {}

    static byte[] convert(TfliteModel model, ImportOptions options) {
        Conversion c = new Conversion(model, options);
        checkOptions(model, options);
        // graph outputs keep their TFLite names: reserve them before any node is named
        for (int i : model.outputs) c.uniqueName(model.tensor(i).name());
        for (int i : model.inputs) {
            TfliteModel.Tensor t = model.tensor(i);
            checkType(c, null, t);
            String name = c.uniqueName(t.name());
            c.graph.value(true, name, t.type().onnxType, Conversion.dims(t.shape()), options.dimNames(t.name(), t.shape().length));
            c.bind(i, name);
        }
        Map<Integer, PreluFusion.Match> prelus = PreluFusion.find(model);
        Set<Integer> fused = new HashSet<>();
        prelus.values().forEach(m -> fused.addAll(m.ops()));
        for (TfliteModel.Operator op : model.operators) {
            for (int i : op.inputs()) if (i >= 0) checkType(c, op, c.tensor(i));
            for (int i : op.outputs()) checkType(c, op, c.tensor(i));
            PreluFusion.Match prelu = prelus.get(op.index());
            if (prelu != null) {
                TfliteModel.Tensor out = c.output(op, 0);
                String slope = c.floats(out.name() + "_slope", Conversion.dims(prelu.slopeShape()), prelu.slope());
                c.result(op, 0, c.node("PRelu", List.of(c.value(prelu.x()), slope), out.name()));
            } else if (!fused.contains(op.index())) {
                convertOperator(c, op);
            }
        }
        for (int i : model.outputs) {
            TfliteModel.Tensor t = model.tensor(i);
            String value = c.value(i);
            String name = t.name();
            c.graph.node("Identity", List.of(value), List.of(name));
            c.graph.value(false, name, t.type().onnxType, Conversion.dims(t.shape()), outputDimNames(c, t));
        }
        return c.graph.toModelBytes(model.modelId, VERSION);
    }

    /**
     * Output dimensions that follow a symbolic input dimension: the leading one when the batch is symbolic, and the
     * spatial ones of rank-4 outputs when an input's height or width is. They are declared symbolic, named
     * {@code <output>_dim<k>}.
     */
    private static String[] outputDimNames(Conversion c, TfliteModel.Tensor t) {
        int[] shape = t.shape();
        String[] names = new String[shape.length];
        if (shape.length > 0 && c.dynamicBatch > 0 && shape[0] == c.dynamicBatch) names[0] = t.name() + "_dim0";
        if (c.spatialDynamic && shape.length == 4) {
            names[1] = t.name() + "_dim1";
            names[2] = t.name() + "_dim2";
        }
        return names;
    }

    private static void checkOptions(TfliteModel model, ImportOptions options) {
        for (String input : options.inputsWithSymbolicDims()) {
            boolean found = false;
            for (int i : model.inputs) {
                TfliteModel.Tensor t = model.tensor(i);
                if (!t.name().equals(input)) continue;
                found = true;
                if (options.dimNames(input).length != t.shape().length) {
                    throw new ModelException("model " + model.modelId + ": input '" + input + "' has rank " + t.shape().length
                            + ", but " + options.dimNames(input).length + " dimension names were given");
                }
            }
            if (!found) {
                throw new ModelException("model " + model.modelId + " has no input named '" + input + "' to make symbolic; inputs: "
                        + java.util.Arrays.stream(model.inputs).mapToObj(i -> model.tensor(i).name()).toList());
            }
        }
    }

    private static void checkType(Conversion c, TfliteModel.Operator op, TfliteModel.Tensor t) {
        String where = op == null ? "model " + c.model.modelId + ": input" : "model " + c.model.modelId + ": operator "
                + op.index() + " (" + op.opName() + ") uses tensor";
        if (t.type() == null) throw new ModelException(where + " '" + t.name() + "' of unknown type code " + t.typeCode());
        if (!t.type().supported()) {
            throw new ModelException(where + " '" + t.name() + "' of type " + t.type()
                    + (t.quantized() ? " (quantized)" : "") + ", which the TFLite importer does not support");
        }
    }

    private static void convertOperator(Conversion c, TfliteModel.Operator op) {
        switch (op.code()) {
            case CONV_2D -> SpatialOps.conv(c, op, false);
            case DEPTHWISE_CONV_2D -> SpatialOps.conv(c, op, true);
            case MAX_POOL_2D -> SpatialOps.pool(c, op, true);
            case AVERAGE_POOL_2D -> SpatialOps.pool(c, op, false);
            case ADD -> ElementwiseOps.binary(c, op, "Add", true);
            case SUB -> ElementwiseOps.binary(c, op, "Sub", true);
            case MUL -> ElementwiseOps.binary(c, op, "Mul", true);
            case DIV -> ElementwiseOps.binary(c, op, "Div", true);
            case MAXIMUM -> ElementwiseOps.binary(c, op, "Max", false);
            case MINIMUM -> ElementwiseOps.binary(c, op, "Min", false);
            case LESS -> ElementwiseOps.binary(c, op, "Less", false);
            case LESS_EQUAL -> ElementwiseOps.binary(c, op, "LessOrEqual", false);
            case GREATER -> ElementwiseOps.binary(c, op, "Greater", false);
            case GREATER_EQUAL -> ElementwiseOps.binary(c, op, "GreaterOrEqual", false);
            case RELU -> ElementwiseOps.unary(c, op, "Relu");
            case RELU6 -> ElementwiseOps.clip(c, op, 0f, 6f);
            case RELU_N1_TO_1 -> ElementwiseOps.clip(c, op, -1f, 1f);
            case TANH -> ElementwiseOps.unary(c, op, "Tanh");
            case LOGISTIC -> ElementwiseOps.unary(c, op, "Sigmoid");
            case EXP -> ElementwiseOps.unary(c, op, "Exp");
            case NEG -> ElementwiseOps.unary(c, op, "Neg");
            case ABS -> ElementwiseOps.unary(c, op, "Abs");
            case SQRT -> ElementwiseOps.unary(c, op, "Sqrt");
            case RSQRT -> ElementwiseOps.rsqrt(c, op);
            case LEAKY_RELU -> ElementwiseOps.leakyRelu(c, op);
            case PRELU -> ElementwiseOps.prelu(c, op);
            case CAST -> ElementwiseOps.cast(c, op);
            case DEQUANTIZE -> ElementwiseOps.dequantize(c, op);
            case FULLY_CONNECTED -> TensorOps.fullyConnected(c, op);
            case RESHAPE -> TensorOps.reshape(c, op);
            case SOFTMAX -> TensorOps.softmax(c, op);
            case CONCATENATION -> TensorOps.concatenation(c, op);
            case MEAN -> TensorOps.reduce(c, op, "ReduceMean");
            case SUM -> TensorOps.reduce(c, op, "ReduceSum");
            case REDUCE_MAX -> TensorOps.reduce(c, op, "ReduceMax");
            case PAD -> TensorOps.pad(c, op);
            case TRANSPOSE -> TensorOps.transpose(c, op);
            case SQUEEZE -> TensorOps.squeeze(c, op);
            case STRIDED_SLICE -> TensorOps.stridedSlice(c, op);
            case L2_NORMALIZATION -> TensorOps.l2Normalization(c, op);
            default -> throw new ModelException("model " + c.model.modelId + ": operator " + op.index() + " is "
                    + op.opName() + ", which the TFLite importer does not support (supported: " + SUPPORTED + ")");
        }
    }
}
