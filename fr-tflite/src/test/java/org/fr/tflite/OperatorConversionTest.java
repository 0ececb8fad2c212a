package org.fr.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fr.tflite.Reference.Nd;
import static org.fr.tflite.Reference.values;
import static org.fr.tflite.TfliteBuilder.table;

import java.util.Arrays;
import java.util.List;
import org.fr.ModelException;
import org.fr.onnx.OnnxModel;
import org.fr.onnx.SessionConfig;
import org.fr.onnx.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One tiny TFLite model per operator and variant (padding, stride, dilation, fused activation, broadcasting),
 * built in the test, converted, run on onnxruntime and compared with {@link Reference} to 1e-5 (relative above 1).
 */
class OperatorConversionTest {
    static final double TOLERANCE = 1e-5;
    // union types of BuiltinOptions
    static final int CONV_OPTS = 1, DW_OPTS = 2, POOL_OPTS = 5, FC_OPTS = 8, SOFTMAX_OPTS = 9, CONCAT_OPTS = 10,
            ADD_OPTS = 11, L2_OPTS = 12, RESHAPE_OPTS = 17, MUL_OPTS = 21, REDUCER_OPTS = 27, SUB_OPTS = 28,
            DIV_OPTS = 29, SQUEEZE_OPTS = 30, SS_OPTS = 32, LEAKY_OPTS = 75;
    static final byte SAME = 0, VALID = 1;

    /** Converts, runs on onnxruntime, and returns output {@code out}. */
    static Tensor run(TfliteBuilder b, ImportOptions opts, String out, Tensor... inputs) {
        byte[] onnx = TfliteImporter.toOnnx("test/" + out, b.build(), opts);
        try (OnnxModel m = OnnxModel.load("test/" + out, onnx, SessionConfig.cpu(1), List.of(), List.of())) {
            return m.run(List.of(inputs), List.of(out)).get(out);
        }
    }

    static Tensor run(TfliteBuilder b, String out, Tensor... inputs) {
        return run(b, ImportOptions.none(), out, inputs);
    }

    static Tensor tensor(String name, Nd x) {
        return new Tensor(name, Arrays.stream(x.shape()).asLongStream().toArray(), x.data());
    }

    static void assertClose(Tensor actual, int[] shape, float[] expected) {
        assertThat(actual.shape()).containsExactly(Arrays.stream(shape).asLongStream().toArray());
        assertClose(actual.data(), expected);
    }

    static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double tol = TOLERANCE * Math.max(1, Math.abs(expected[i]));
            assertThat((double) actual[i]).as("element %d of %d", i, expected.length).isCloseTo(expected[i],
                    org.assertj.core.data.Offset.offset(tol));
        }
    }

    @Test
    void samePaddingPutsTheOddPixelAtTheEnd() {
        assertThat(SpatialOps.samePads(5, 3, 2, 1)).containsExactly(1, 1);
        assertThat(SpatialOps.samePads(6, 3, 2, 1)).containsExactly(0, 1);
        assertThat(SpatialOps.samePads(7, 2, 2, 1)).containsExactly(0, 1);
        assertThat(SpatialOps.samePads(7, 3, 1, 2)).containsExactly(2, 2);
    }

    @ParameterizedTest(name = "CONV_2D {0} stride {1} dilation {2} activation {3} bias {4}")
    @CsvSource({
            "VALID, 1, 1, 0, true", "SAME, 1, 1, 1, true", "SAME, 2, 1, 3, true", "VALID, 2, 1, 2, false",
            "SAME, 1, 2, 4, true", "SAME, 3, 1, 0, false"})
    void conv2d(String padding, int stride, int dilation, int activation, boolean bias) {
        Nd x = new Nd(new int[] {2, 7, 6, 3}, values(2 * 7 * 6 * 3, 1));
        Nd f = new Nd(new int[] {4, 3, 3, 3}, values(4 * 27, 2));
        float[] bv = bias ? values(4, 3) : null;
        boolean same = padding.equals("SAME");
        Nd expected = Reference.conv(x, f, bv, stride, stride, dilation, dilation, same);
        expected = new Nd(expected.shape(), Reference.act(activation, expected.data()));

        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", x.shape());
        int w = b.constant("w", f.shape(), f.data());
        int y = b.output(b.tensor("y", expected.shape()));
        int[] inputs = bias ? new int[] {in, w, b.constant("b", new int[] {4}, bv)} : new int[] {in, w, -1};
        b.op(BuiltinOperator.CONV_2D, inputs, new int[] {y}, CONV_OPTS, table(0, same ? SAME : VALID, 1, stride, 2, stride,
                3, (byte) activation, 4, dilation, 5, dilation));
        assertClose(run(b, "y", tensor("x", x)), expected.shape(), expected.data());
    }

    @Test
    void conv2dWithSymbolicSizeAndStrideTwoPadsAtRunTime() {
        Nd f = new Nd(new int[] {2, 3, 3, 1}, values(18, 5));
        for (int[] hw : new int[][] {{9, 8}, {6, 11}}) {
            Nd x = new Nd(new int[] {1, hw[0], hw[1], 1}, values(hw[0] * hw[1], 4));
            Nd expected = Reference.conv(x, f, null, 2, 2, 1, 1, true);
            TfliteBuilder b = new TfliteBuilder();
            int in = b.input("x", 1, 5, 5, 1);
            int y = b.output(b.tensor("y", 1, 3, 3, 2));
            b.op(BuiltinOperator.CONV_2D, new int[] {in, b.constant("w", f.shape(), f.data()), -1}, new int[] {y}, CONV_OPTS,
                    table(0, SAME, 1, 2, 2, 2, 3, (byte) 0, 4, 1, 5, 1));
            assertClose(run(b, ImportOptions.none().symbolic("x", "n", "h", "w", null), "y", tensor("x", x)),
                    expected.shape(), expected.data());
        }
    }

    @ParameterizedTest(name = "DEPTHWISE_CONV_2D {0} stride {1} multiplier {2} activation {3}")
    @CsvSource({"SAME, 1, 1, 0", "VALID, 2, 2, 1", "SAME, 2, 3, 3"})
    void depthwiseConv2d(String padding, int stride, int mult, int activation) {
        Nd x = new Nd(new int[] {1, 7, 8, 3}, values(7 * 8 * 3, 6));
        Nd f = new Nd(new int[] {1, 3, 3, 3 * mult}, values(9 * 3 * mult, 7));
        float[] bias = values(3 * mult, 8);
        boolean same = padding.equals("SAME");
        Nd expected = Reference.depthwise(x, f, bias, mult, stride, stride, same);
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", x.shape());
        int y = b.output(b.tensor("y", expected.shape()));
        b.op(BuiltinOperator.DEPTHWISE_CONV_2D, new int[] {in, b.constant("w", f.shape(), f.data()), b.constant("b", new int[] {3 * mult}, bias)},
                new int[] {y}, DW_OPTS, table(0, same ? SAME : VALID, 1, stride, 2, stride, 3, mult, 4, (byte) activation));
        assertClose(run(b, "y", tensor("x", x)), expected.shape(), Reference.act(activation, expected.data()));
    }

    @ParameterizedTest(name = "{0} {1} filter {2} stride {3} activation {4}")
    @CsvSource({"MAX, SAME, 2, 2, 0", "MAX, VALID, 3, 2, 1", "MAX, SAME, 3, 1, 3", "AVERAGE, SAME, 3, 2, 0",
            "AVERAGE, VALID, 2, 2, 1", "AVERAGE, SAME, 2, 1, 4"})
    void pool2d(String kind, String padding, int filter, int stride, int activation) {
        Nd x = new Nd(new int[] {1, 7, 5, 2}, values(70, 9));
        boolean same = padding.equals("SAME"), max = kind.equals("MAX");
        Nd expected = Reference.pool(x, filter, filter, stride, stride, same, max);
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", x.shape());
        int y = b.output(b.tensor("y", expected.shape()));
        b.op(max ? BuiltinOperator.MAX_POOL_2D : BuiltinOperator.AVERAGE_POOL_2D, new int[] {in}, new int[] {y}, POOL_OPTS,
                table(0, same ? SAME : VALID, 1, stride, 2, stride, 3, filter, 4, filter, 5, (byte) activation));
        assertClose(run(b, "y", tensor("x", x)), expected.shape(), Reference.act(activation, expected.data()));
    }

    @ParameterizedTest(name = "FULLY_CONNECTED bias {0} activation {1} keep_num_dims {2}")
    @CsvSource({"true, 0, false", "true, 1, false", "false, 3, false", "true, 0, true"})
    void fullyConnected(boolean bias, int activation, boolean keepDims) {
        int[] xShape = keepDims ? new int[] {2, 3, 8} : new int[] {2, 2, 2, 2};
        int in = xShape[xShape.length - 1] * (keepDims ? 1 : 1);
        if (!keepDims) in = 8;
        float[] x = values(2 * 8 * (keepDims ? 3 : 1), 10);
        float[] w = values(5 * in, 11), bv = bias ? values(5, 12) : null;
        float[] expected = Reference.act(activation, Reference.fullyConnected(x, w, bv, in, 5));
        int[] outShape = keepDims ? new int[] {2, 3, 5} : new int[] {2, 5};
        TfliteBuilder b = new TfliteBuilder();
        int xi = b.input("x", xShape);
        int y = b.output(b.tensor("y", outShape));
        b.op(BuiltinOperator.FULLY_CONNECTED, new int[] {xi, b.constant("w", new int[] {5, in}, w), bias ? b.constant("b", new int[] {5}, bv) : -1},
                new int[] {y}, FC_OPTS, table(0, (byte) activation, 1, (byte) 0, 2, keepDims));
        assertClose(run(b, "y", new Tensor("x", Arrays.stream(xShape).asLongStream().toArray(), x)), outShape, expected);
    }

    @ParameterizedTest(name = "{0} activation {1}")
    @CsvSource({"ADD, 0", "ADD, 1", "SUB, 0", "SUB, 3", "MUL, 0", "MUL, 2", "DIV, 0", "DIV, 4"})
    void arithmeticBroadcastsAndFusesActivations(String op, int activation) {
        Nd a = new Nd(new int[] {1, 3, 4, 2}, values(24, 13));
        float[] bv = values(2, 14);
        if (op.equals("DIV")) for (int i = 0; i < bv.length; i++) bv[i] = bv[i] >= 0 ? bv[i] + 0.5f : bv[i] - 0.5f;
        Nd bias = new Nd(new int[] {2}, bv);
        Reference.Binary f = switch (op) {
            case "ADD" -> (p, q) -> p + q;
            case "SUB" -> (p, q) -> p - q;
            case "MUL" -> (p, q) -> p * q;
            default -> (p, q) -> p / q;
        };
        int code = switch (op) {
            case "ADD" -> BuiltinOperator.ADD;
            case "SUB" -> BuiltinOperator.SUB;
            case "MUL" -> BuiltinOperator.MUL;
            default -> BuiltinOperator.DIV;
        };
        int optsType = switch (op) {
            case "ADD" -> ADD_OPTS;
            case "SUB" -> SUB_OPTS;
            case "MUL" -> MUL_OPTS;
            default -> DIV_OPTS;
        };
        Nd expected = Reference.binary(a, bias, f);
        TfliteBuilder b = new TfliteBuilder();
        int x = b.input("x", a.shape());
        int y = b.output(b.tensor("y", expected.shape()));
        b.op(code, new int[] {x, b.constant("c", bias.shape(), bias.data())}, new int[] {y}, optsType, table(0, (byte) activation));
        assertClose(run(b, "y", tensor("x", a)), expected.shape(), Reference.act(activation, expected.data()));
    }

    @ParameterizedTest(name = "{0} of two inputs")
    @CsvSource({"ADD", "MUL", "MAXIMUM", "MINIMUM"})
    void binaryOfTwoComputedInputs(String op) {
        Nd a = new Nd(new int[] {2, 1, 3}, values(6, 15)), c = new Nd(new int[] {1, 4, 3}, values(12, 16));
        Reference.Binary f = switch (op) {
            case "ADD" -> (p, q) -> p + q;
            case "MUL" -> (p, q) -> p * q;
            case "MAXIMUM" -> Math::max;
            default -> Math::min;
        };
        int code = switch (op) {
            case "ADD" -> BuiltinOperator.ADD;
            case "MUL" -> BuiltinOperator.MUL;
            case "MAXIMUM" -> BuiltinOperator.MAXIMUM;
            default -> BuiltinOperator.MINIMUM;
        };
        Nd expected = Reference.binary(a, c, f);
        TfliteBuilder b = new TfliteBuilder();
        int x = b.input("a", a.shape()), z = b.input("b", c.shape());
        int y = b.output(b.tensor("y", expected.shape()));
        b.op(code, new int[] {x, z}, new int[] {y});
        assertClose(run(b, "y", tensor("a", a), tensor("b", c)), expected.shape(), expected.data());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RELU", "RELU6", "RELU_N1_TO_1", "TANH", "LOGISTIC", "EXP", "NEG", "ABS", "SQRT", "RSQRT"})
    void unary(String op) {
        float[] v = values(40, 17);
        for (int i = 0; i < v.length; i++) v[i] *= 8;
        if (op.equals("SQRT") || op.equals("RSQRT")) for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]) + 0.1f;
        float[] expected = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            expected[i] = (float) switch (op) {
                case "RELU" -> Math.max(x, 0);
                case "RELU6" -> Math.min(Math.max(x, 0), 6);
                case "RELU_N1_TO_1" -> Math.min(Math.max(x, -1), 1);
                case "TANH" -> Math.tanh(x);
                case "LOGISTIC" -> 1 / (1 + Math.exp(-x));
                case "EXP" -> Math.exp(x);
                case "NEG" -> -x;
                case "ABS" -> Math.abs(x);
                case "SQRT" -> Math.sqrt(x);
                default -> 1 / Math.sqrt(x);
            };
        }
        int code = switch (op) {
            case "RELU" -> BuiltinOperator.RELU;
            case "RELU6" -> BuiltinOperator.RELU6;
            case "RELU_N1_TO_1" -> BuiltinOperator.RELU_N1_TO_1;
            case "TANH" -> BuiltinOperator.TANH;
            case "LOGISTIC" -> BuiltinOperator.LOGISTIC;
            case "EXP" -> BuiltinOperator.EXP;
            case "NEG" -> BuiltinOperator.NEG;
            case "ABS" -> BuiltinOperator.ABS;
            case "SQRT" -> BuiltinOperator.SQRT;
            default -> BuiltinOperator.RSQRT;
        };
        TfliteBuilder b = new TfliteBuilder();
        int x = b.input("x", 2, 4, 5);
        int y = b.output(b.tensor("y", 2, 4, 5));
        b.op(code, new int[] {x}, new int[] {y});
        assertClose(run(b, "y", new Tensor("x", new long[] {2, 4, 5}, v)), new int[] {2, 4, 5}, expected);
    }

    @Test
    void leakyRelu() {
        float[] v = values(24, 18);
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) expected[i] = v[i] >= 0 ? v[i] : 0.3f * v[i];
        TfliteBuilder b = new TfliteBuilder();
        int x = b.input("x", 1, 2, 3, 4);
        int y = b.output(b.tensor("y", 1, 2, 3, 4));
        b.op(BuiltinOperator.LEAKY_RELU, new int[] {x}, new int[] {y}, LEAKY_OPTS, table(0, 0.3f));
        assertClose(run(b, "y", new Tensor("x", new long[] {1, 2, 3, 4}, v)), new int[] {1, 2, 3, 4}, expected);
    }

    @Test
    void preluBroadcastsItsAlphaOverChannels() {
        Nd x = new Nd(new int[] {1, 3, 2, 4}, values(24, 19));
        Nd alpha = new Nd(new int[] {1, 1, 4}, values(4, 20));
        Nd expected = Reference.binary(x, alpha, (v, a) -> v >= 0 ? v : a * v);
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", x.shape());
        int y = b.output(b.tensor("y", x.shape()));
        b.op(BuiltinOperator.PRELU, new int[] {in, b.constant("alpha", alpha.shape(), alpha.data())}, new int[] {y});
        assertClose(run(b, "y", tensor("x", x)), expected.shape(), expected.data());
    }

    /**
     * The two element-wise spellings of PReLU become one ONNX PRelu node, with the same values; the same graph whose
     * inner tensor is also a graph output is converted operator by operator and still computes the same values.
     */
    @ParameterizedTest(name = "PReLU spelled as {0}, inner tensor also an output: {1}")
    @CsvSource({"NEG, false", "ABS, false", "NEG, true", "ABS, true"})
    void elementwisePreluBecomesOnePreluNode(String spelling, boolean innerIsOutput) {
        Nd x = new Nd(new int[] {1, 3, 4, 5}, values(60, 40));
        float[] c = values(5, 41);
        boolean negSpelling = spelling.equals("NEG");
        float[] slope = c.clone();
        if (!negSpelling) for (int i = 0; i < 5; i++) slope[i] = 2 * c[i];
        Nd expected = Reference.binary(x, new Nd(new int[] {5}, slope), (v, a) -> v >= 0 ? v : a * v);
        int[] s = x.shape();
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", s);
        int pos = b.tensor("pos", s), inner = b.tensor("inner", s), scaled = b.tensor("scaled", s);
        int y = b.output(b.tensor("y", s));
        int alpha = b.constant("alpha", new int[] {5}, c);
        b.op(BuiltinOperator.RELU, new int[] {in}, new int[] {pos});
        if (negSpelling) {
            int n1 = b.tensor("n1", s), r2 = b.tensor("r2", s);
            b.op(BuiltinOperator.NEG, new int[] {in}, new int[] {n1});
            b.op(BuiltinOperator.RELU, new int[] {n1}, new int[] {r2});
            b.op(BuiltinOperator.NEG, new int[] {r2}, new int[] {inner});
        } else {
            int abs = b.tensor("abs", s);
            b.op(BuiltinOperator.ABS, new int[] {in}, new int[] {abs});
            b.op(BuiltinOperator.SUB, new int[] {in, abs}, new int[] {inner}, SUB_OPTS, table(0, (byte) 0));
        }
        b.op(BuiltinOperator.MUL, new int[] {alpha, inner}, new int[] {scaled}, MUL_OPTS, table(0, (byte) 0));
        b.op(BuiltinOperator.ADD, new int[] {pos, scaled}, new int[] {y}, ADD_OPTS, table(0, (byte) 0));
        if (innerIsOutput) b.output(inner);
        byte[] onnx = TfliteImporter.toOnnx("test/prelu", b.build(), ImportOptions.none());
        String text = new String(onnx, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text.contains("PRelu")).as("fused into PRelu").isEqualTo(!innerIsOutput);
        assertClose(run(b, "y", tensor("x", x)), expected.shape(), expected.data());
    }

    @ParameterizedTest(name = "RESHAPE shape from {0}")
    @CsvSource({"input", "options"})
    void reshape(String from) {
        float[] v = values(24, 21);
        TfliteBuilder b = new TfliteBuilder();
        int x = b.input("x", 1, 2, 3, 4);
        int y = b.output(b.tensor("y", 6, 4));
        if (from.equals("input")) {
            b.op(BuiltinOperator.RESHAPE, new int[] {x, b.constantInts("shape", new int[] {2}, -1, 4)}, new int[] {y});
        } else {
            b.op(BuiltinOperator.RESHAPE, new int[] {x}, new int[] {y}, RESHAPE_OPTS, table(0, new int[] {6, -1}));
        }
        assertClose(run(b, "y", new Tensor("x", new long[] {1, 2, 3, 4}, v)), new int[] {6, 4}, v);
    }

    @Test
    void reshapeFollowsASymbolicBatch() {
        float[] v = values(3 * 12, 22);
        TfliteBuilder b = new TfliteBuilder();
        int x = b.input("x", 2, 2, 2, 3);
        int y = b.output(b.tensor("y", 2, 12));
        b.op(BuiltinOperator.RESHAPE, new int[] {x, b.constantInts("shape", new int[] {2}, 2, 12)}, new int[] {y});
        assertClose(run(b, ImportOptions.none().withSymbolicBatch(), "y", new Tensor("x", new long[] {3, 2, 2, 3}, v)),
                new int[] {3, 12}, v);
    }

    @ParameterizedTest(name = "SOFTMAX beta {0}")
    @CsvSource({"1.0", "2.5"})
    void softmax(float beta) {
        float[] v = values(15, 23);
        TfliteBuilder b = new TfliteBuilder();
        int x = b.input("x", 3, 5);
        int y = b.output(b.tensor("y", 3, 5));
        b.op(BuiltinOperator.SOFTMAX, new int[] {x}, new int[] {y}, SOFTMAX_OPTS, table(0, beta));
        assertClose(run(b, "y", new Tensor("x", new long[] {3, 5}, v)), new int[] {3, 5}, Reference.softmax(v, 5, beta));
    }

    @ParameterizedTest(name = "CONCATENATION axis {0} activation {1}")
    @CsvSource({"3, 0", "-1, 1", "1, 0"})
    void concatenation(int axis, int activation) {
        Nd a = new Nd(new int[] {1, 2, 2, 2}, values(8, 24));
        Nd c = new Nd(new int[] {1, 2, 2, 2}, values(8, 25));
        int ax = axis < 0 ? 4 + axis : axis;
        int[] outShape = a.shape().clone();
        outShape[ax] *= 2;
        float[] expected = new float[16];
        int outer = 1, inner = 1;
        for (int i = 0; i < ax; i++) outer *= a.shape()[i];
        for (int i = ax; i < 4; i++) inner *= a.shape()[i];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(a.data(), o * inner, expected, o * 2 * inner, inner);
            System.arraycopy(c.data(), o * inner, expected, o * 2 * inner + inner, inner);
        }
        TfliteBuilder b = new TfliteBuilder();
        int x1 = b.input("a", a.shape()), x2 = b.input("b", c.shape());
        int y = b.output(b.tensor("y", outShape));
        b.op(BuiltinOperator.CONCATENATION, new int[] {x1, x2}, new int[] {y}, CONCAT_OPTS, table(0, axis, 1, (byte) activation));
        assertClose(run(b, "y", tensor("a", a), tensor("b", c)), outShape, Reference.act(activation, expected));
    }

    @ParameterizedTest(name = "{0} keep_dims {1}")
    @CsvSource({"MEAN, true", "MEAN, false", "SUM, true", "SUM, false", "REDUCE_MAX, true", "REDUCE_MAX, false"})
    void reduceOverSpatialAxes(String op, boolean keep) {
        Nd x = new Nd(new int[] {2, 3, 4, 2}, values(48, 26));
        float[] expected = new float[4];
        for (int n = 0; n < 2; n++)
            for (int ch = 0; ch < 2; ch++) {
                double acc = op.equals("REDUCE_MAX") ? Double.NEGATIVE_INFINITY : 0;
                for (int i = 0; i < 12; i++) {
                    float v = x.data()[(n * 12 + i) * 2 + ch];
                    acc = op.equals("REDUCE_MAX") ? Math.max(acc, v) : acc + v;
                }
                expected[n * 2 + ch] = (float) (op.equals("MEAN") ? acc / 12 : acc);
            }
        int code = switch (op) {
            case "MEAN" -> BuiltinOperator.MEAN;
            case "SUM" -> BuiltinOperator.SUM;
            default -> BuiltinOperator.REDUCE_MAX;
        };
        int[] outShape = keep ? new int[] {2, 1, 1, 2} : new int[] {2, 2};
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", x.shape());
        int y = b.output(b.tensor("y", outShape));
        b.op(code, new int[] {in, b.constantInts("axes", new int[] {2}, 1, 2)}, new int[] {y}, REDUCER_OPTS, table(0, keep));
        assertClose(run(b, "y", tensor("x", x)), outShape, expected);
    }

    @Test
    void padWithZeros() {
        Nd x = new Nd(new int[] {1, 2, 3, 1}, values(6, 27));
        float[] expected = new float[1 * 5 * 4 * 1];
        for (int yy = 0; yy < 2; yy++) for (int xx = 0; xx < 3; xx++) expected[(yy + 1) * 4 + xx + 1] = x.data()[yy * 3 + xx];
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", x.shape());
        int y = b.output(b.tensor("y", 1, 5, 4, 1));
        b.op(BuiltinOperator.PAD, new int[] {in, b.constantInts("pads", new int[] {4, 2}, 0, 0, 1, 2, 1, 0, 0, 0)}, new int[] {y});
        assertClose(run(b, "y", tensor("x", x)), new int[] {1, 5, 4, 1}, expected);
    }

    @Test
    void transposeNhwcToNchw() {
        Nd x = new Nd(new int[] {1, 2, 3, 4}, values(24, 28));
        float[] expected = new float[24];
        for (int h = 0; h < 2; h++) for (int w = 0; w < 3; w++) for (int c = 0; c < 4; c++)
            expected[(c * 2 + h) * 3 + w] = x.data()[(h * 3 + w) * 4 + c];
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", x.shape());
        int y = b.output(b.tensor("y", 1, 4, 2, 3));
        b.op(BuiltinOperator.TRANSPOSE, new int[] {in, b.constantInts("perm", new int[] {4}, 0, 3, 1, 2)}, new int[] {y});
        assertClose(run(b, "y", tensor("x", x)), new int[] {1, 4, 2, 3}, expected);
    }

    @Test
    void squeeze() {
        float[] v = values(6, 29);
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", 1, 1, 1, 6);
        int y = b.output(b.tensor("y", 1, 6));
        b.op(BuiltinOperator.SQUEEZE, new int[] {in}, new int[] {y}, SQUEEZE_OPTS, table(0, new int[] {1, 2}));
        assertClose(run(b, "y", new Tensor("x", new long[] {1, 1, 1, 6}, v)), new int[] {1, 6}, v);
    }

    @ParameterizedTest(name = "STRIDED_SLICE begin_mask {0} end_mask {1} shrink {2}")
    @CsvSource({"0, 0, 0", "1, 2, 0", "0, 0, 1", "2, 1, 0"})
    void stridedSlice(int beginMask, int endMask, int shrink) {
        // x [4, 6]; begin [1, 1], end [3, 6], strides [1, 2]
        Nd x = new Nd(new int[] {4, 6}, values(24, 30));
        int[] begin = {1, 1}, end = {3, 6}, strides = {1, 2};
        int[] lo = new int[2], hi = new int[2];
        int[] dims = {4, 6};
        for (int i = 0; i < 2; i++) {
            lo[i] = (beginMask >> i & 1) != 0 ? 0 : begin[i];
            hi[i] = (endMask >> i & 1) != 0 ? dims[i] : end[i];
            if ((shrink >> i & 1) != 0) hi[i] = lo[i] + 1;
        }
        java.util.List<Float> out = new java.util.ArrayList<>();
        int rows = 0, cols = 0;
        for (int r = lo[0]; r < hi[0]; r += strides[0]) {
            rows++;
            cols = 0;
            for (int c = lo[1]; c < hi[1]; c += strides[1]) {
                out.add(x.data()[r * 6 + c]);
                cols++;
            }
        }
        int[] outShape = (shrink & 1) != 0 ? new int[] {cols} : new int[] {rows, cols};
        float[] expected = new float[out.size()];
        for (int i = 0; i < expected.length; i++) expected[i] = out.get(i);
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", x.shape());
        int y = b.output(b.tensor("y", outShape));
        b.op(BuiltinOperator.STRIDED_SLICE, new int[] {in, b.constantInts("begin", new int[] {2}, begin),
                b.constantInts("end", new int[] {2}, end), b.constantInts("strides", new int[] {2}, strides)}, new int[] {y},
                SS_OPTS, table(0, beginMask, 1, endMask, 4, shrink));
        assertClose(run(b, "y", tensor("x", x)), outShape, expected);
    }

    @ParameterizedTest(name = "{0} then CAST to float")
    @CsvSource({"LESS", "LESS_EQUAL", "GREATER", "GREATER_EQUAL"})
    void comparisonsAndCast(String op) {
        float[] v = values(12, 31);
        v[3] = 0.25f; // equality case
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            boolean r = switch (op) {
                case "LESS" -> v[i] < 0.25f;
                case "LESS_EQUAL" -> v[i] <= 0.25f;
                case "GREATER" -> v[i] > 0.25f;
                default -> v[i] >= 0.25f;
            };
            expected[i] = r ? 1 : 0;
        }
        int code = switch (op) {
            case "LESS" -> BuiltinOperator.LESS;
            case "LESS_EQUAL" -> BuiltinOperator.LESS_EQUAL;
            case "GREATER" -> BuiltinOperator.GREATER;
            default -> BuiltinOperator.GREATER_EQUAL;
        };
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", 3, 4);
        int flag = b.typed("flag", TfliteBuilder.BOOL, 3, 4);
        int y = b.output(b.tensor("y", 3, 4));
        b.op(code, new int[] {in, b.constant("t", new int[0], new float[] {0.25f})}, new int[] {flag});
        b.op(BuiltinOperator.CAST, new int[] {flag}, new int[] {y});
        assertClose(run(b, "y", new Tensor("x", new long[] {3, 4}, v)), new int[] {3, 4}, expected);
    }

    @Test
    void dequantizedFloat16WeightsFeedAConvolution() {
        Nd x = new Nd(new int[] {1, 5, 5, 2}, values(50, 32));
        short[] half = new short[3 * 2 * 2 * 2];
        float[] w = new float[half.length];
        // values exactly representable in float16: multiples of 1/64 in [-2, 2)
        for (int i = 0; i < half.length; i++) {
            w[i] = ((i * 37) % 256 - 128) / 64f;
            half[i] = halfBits(w[i]);
        }
        Nd f = new Nd(new int[] {3, 2, 2, 2}, w);
        Nd expected = Reference.conv(x, f, null, 1, 1, 1, 1, false);
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", x.shape());
        int wh = b.constantHalf("w16", f.shape(), half);
        int wf = b.tensor("w32", f.shape());
        int y = b.output(b.tensor("y", expected.shape()));
        b.op(BuiltinOperator.DEQUANTIZE, new int[] {wh}, new int[] {wf});
        b.op(BuiltinOperator.CONV_2D, new int[] {in, wf, -1}, new int[] {y}, CONV_OPTS, table(0, VALID, 1, 1, 2, 1, 3, (byte) 0));
        assertClose(run(b, "y", tensor("x", x)), expected.shape(), expected.data());
    }

    @Test
    void halfPrecisionDecodingIsExact() {
        assertThat(TfliteModel.Tensor.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(TfliteModel.Tensor.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(TfliteModel.Tensor.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(TfliteModel.Tensor.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(TfliteModel.Tensor.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(TfliteModel.Tensor.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    /** float16 bits of a value exactly representable in float16 (normal range). */
    static short halfBits(float v) {
        if (v == 0) return 0;
        int bits = Float.floatToIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = (bits >>> 13) & 0x3ff;
        return (short) (sign | (exp << 10) | mant);
    }

    @ParameterizedTest(name = "L2_NORMALIZATION activation {0}")
    @CsvSource({"0", "1"})
    void l2Normalization(int activation) {
        float[] v = values(12, 33);
        float[] expected = new float[12];
        for (int r = 0; r < 3; r++) {
            double s = 0;
            for (int i = 0; i < 4; i++) s += v[r * 4 + i] * v[r * 4 + i];
            for (int i = 0; i < 4; i++) expected[r * 4 + i] = Reference.act(activation, (float) (v[r * 4 + i] / Math.sqrt(Math.max(s, 1e-6))));
        }
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", 3, 4);
        int y = b.output(b.tensor("y", 3, 4));
        b.op(BuiltinOperator.L2_NORMALIZATION, new int[] {in}, new int[] {y}, L2_OPTS, table(0, (byte) activation));
        assertClose(run(b, "y", new Tensor("x", new long[] {3, 4}, v)), new int[] {3, 4}, expected);
    }

    @Test
    void unsupportedOperatorIsNamedWithTheModel() {
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", 1, 4, 4, 1);
        int y = b.output(b.tensor("y", 1, 8, 8, 1));
        b.op(23, new int[] {in, b.constantInts("size", new int[] {2}, 8, 8)}, new int[] {y});
        assertThatThrownBy(() -> TfliteImporter.toOnnx("my/resizer", b.build(), ImportOptions.none()))
                .isInstanceOf(ModelException.class).hasMessageContaining("RESIZE_BILINEAR").hasMessageContaining("my/resizer");
    }

    @Test
    void quantizedTensorIsRefusedNamingOperatorAndModel() {
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", 1, 4);
        int q = b.typed("q", TfliteBuilder.INT8, 1, 4);
        int y = b.output(b.tensor("y", 1, 4));
        b.op(BuiltinOperator.RELU, new int[] {in}, new int[] {q});
        b.op(BuiltinOperator.DEQUANTIZE, new int[] {q}, new int[] {y});
        assertThatThrownBy(() -> TfliteImporter.toOnnx("my/int8", b.build(), ImportOptions.none()))
                .isInstanceOf(ModelException.class).hasMessageContaining("INT8").hasMessageContaining("RELU")
                .hasMessageContaining("my/int8");
    }

    @Test
    void convolutionOfANonNhwcInputIsRefused() {
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", 4, 4, 1);
        int y = b.output(b.tensor("y", 1, 2, 2, 1));
        b.op(BuiltinOperator.CONV_2D, new int[] {in, b.constant("w", new int[] {1, 3, 3, 1}, values(9, 1)), -1}, new int[] {y},
                CONV_OPTS, table(0, VALID, 1, 1, 2, 1, 3, (byte) 0));
        assertThatThrownBy(() -> TfliteImporter.toOnnx("my/conv", b.build(), ImportOptions.none()))
                .isInstanceOf(ModelException.class).hasMessageContaining("my/conv").hasMessageContaining("CONV_2D")
                .hasMessageContaining("rank 4");
    }

    @Test
    void notATfliteFile() {
        assertThatThrownBy(() -> TfliteImporter.toOnnx("my/file", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, ImportOptions.none()))
                .isInstanceOf(ModelException.class).hasMessageContaining("my/file").hasMessageContaining("TFL3");
    }

    @Test
    void symbolicDimensionsOfAnUnknownInputAreRefused() {
        TfliteBuilder b = new TfliteBuilder();
        int in = b.input("x", 1, 4);
        int y = b.output(b.tensor("y", 1, 4));
        b.op(BuiltinOperator.RELU, new int[] {in}, new int[] {y});
        assertThatThrownBy(() -> TfliteImporter.toOnnx("m", b.build(), ImportOptions.none().symbolic("image", "n", null)))
                .isInstanceOf(ModelException.class).hasMessageContaining("image").hasMessageContaining("[x]");
    }
}
