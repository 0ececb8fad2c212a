package org.fr.tflite;

import java.util.List;
import org.fr.tflite.OnnxGraph.Attr;

/**
 * Operators computed element by element with numpy broadcasting, the same in both formats: arithmetic with its
 * fused activation, comparisons, activations, unary maths, casts and DEQUANTIZE of float16 constants.
 */
final class ElementwiseOps {
    // AddOptions, SubOptions, MulOptions, DivOptions: fused_activation_function is field 0
    private static final int ARITHMETIC_ACTIVATION = 0;
    // LeakyReluOptions
    private static final int LEAKY_ALPHA = 0;

    private ElementwiseOps() {}

    static void binary(Conversion c, TfliteModel.Operator op, String onnxOp, boolean fusedActivation) {
        String y = c.node(onnxOp, List.of(c.value(op, 0), c.value(op, 1)), c.output(op, 0).name());
        int act = fusedActivation && op.options() != null ? op.options().int8(ARITHMETIC_ACTIVATION, 0) : 0;
        c.result(op, 0, c.activation(op, act, y));
    }

    static void unary(Conversion c, TfliteModel.Operator op, String onnxOp, Attr... attrs) {
        c.result(op, 0, c.node(onnxOp, List.of(c.value(op, 0)), c.output(op, 0).name(), attrs));
    }

    static void clip(Conversion c, TfliteModel.Operator op, float min, float max) {
        String base = c.output(op, 0).name();
        c.result(op, 0, c.node("Clip", List.of(c.value(op, 0), c.scalar(base + "_min", min), c.scalar(base + "_max", max)), base));
    }

    static void rsqrt(Conversion c, TfliteModel.Operator op) {
        String base = c.output(op, 0).name();
        String sqrt = c.node("Sqrt", List.of(c.value(op, 0)), base + "_sqrt");
        c.result(op, 0, c.node("Reciprocal", List.of(sqrt), base));
    }

    static void leakyRelu(Conversion c, TfliteModel.Operator op) {
        float alpha = op.options() == null ? 0.2f : op.options().float32(LEAKY_ALPHA, 0f);
        unary(c, op, "LeakyRelu", Attr.f("alpha", alpha));
    }

    /** PRELU: {@code max(x,0) + alpha*min(x,0)}, alpha broadcast against NHWC as in TFLite. */
    static void prelu(Conversion c, TfliteModel.Operator op) {
        c.result(op, 0, c.node("PRelu", List.of(c.value(op, 0), c.value(op, 1)), c.output(op, 0).name()));
    }

    static void cast(Conversion c, TfliteModel.Operator op) {
        TfliteModel.Tensor out = c.output(op, 0);
        unary(c, op, "Cast", Attr.i("to", out.type().onnxType));
    }

    /**
     * DEQUANTIZE: a float16 constant becomes a float32 constant at conversion time; a float16 value computed at
     * run time is cast. Integer-quantized inputs are not supported.
     */
    static void dequantize(Conversion c, TfliteModel.Operator op) {
        TfliteModel.Tensor in = c.input(op, 0);
        if (in.type() != TensorType.FLOAT16) {
            throw c.error(op, "dequantizing tensor '" + in.name() + "' of type " + in.type()
                    + " (integer quantization) is not supported; only float16 weights are");
        }
        if (in.constant()) c.foldToFloats(op.outputs()[0], in.floats());
        else unary(c, op, "Cast", Attr.i("to", OnnxGraph.FLOAT));
    }
}
