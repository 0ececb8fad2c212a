package org.fr.tflite;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds the element-wise spellings of PReLU that TensorFlow exporters emit, so that each becomes one ONNX
 * {@code PRelu} node (which onnxruntime runs in one pass and keeps in its blocked convolution layout) instead of
 * five or six element-wise nodes:
 * <ul>
 *   <li>{@code relu(x) + a * -relu(-x)} (RELU, NEG, RELU, NEG, MUL, ADD; the MTCNN networks): slope {@code a};</li>
 *   <li>{@code relu(x) + c * (x - |x|)} (RELU, ABS, SUB, MUL, ADD; MobileFaceNet): slope {@code 2c}.</li>
 * </ul>
 * A match requires a constant float slope broadcastable to {@code x}, no fused activation on the arithmetic, and
 * every intermediate tensor used only inside the pattern (not elsewhere, not a graph output). Anything else is
 * converted operator by operator. Stateless.
 */
final class PreluFusion {
    /** A matched pattern: the ADD operator that ends it, its input {@code x}, the slope, and all its operators. */
    record Match(int addOp, int x, float[] slope, int[] slopeShape, Set<Integer> ops) {}

    private PreluFusion() {}

    /** The matches of a model, by index of their final ADD operator. */
    static Map<Integer, Match> find(TfliteModel model) {
        Map<Integer, Integer> producer = new HashMap<>();
        Map<Integer, Integer> uses = new HashMap<>();
        for (TfliteModel.Operator op : model.operators) {
            for (int o : op.outputs()) producer.put(o, op.index());
            for (int i : op.inputs()) if (i >= 0) uses.merge(i, 1, Integer::sum);
        }
        for (int o : model.outputs) uses.merge(o, 2, Integer::sum); // a graph output is never an inner tensor
        Graph g = new Graph(model, producer, uses);
        Map<Integer, Match> out = new HashMap<>();
        for (TfliteModel.Operator op : model.operators) {
            if (op.code() != BuiltinOperator.ADD || op.inputs().length != 2 || g.fused(op)) continue;
            Match m = g.match(op, op.inputs()[0], op.inputs()[1]);
            if (m == null) m = g.match(op, op.inputs()[1], op.inputs()[0]);
            if (m != null) out.put(op.index(), m);
        }
        return out;
    }

    private record Graph(TfliteModel model, Map<Integer, Integer> producer, Map<Integer, Integer> uses) {
        /** The operator producing {@code tensor} if it has code {@code code} and {@code tensor} is used once. */
        TfliteModel.Operator inner(int tensor, int code) {
            Integer p = producer.get(tensor);
            if (p == null || uses.getOrDefault(tensor, 0) != 1) return null;
            TfliteModel.Operator op = model.operators.get(p);
            return op.code() == code && op.outputs().length == 1 ? op : null;
        }

        boolean fused(TfliteModel.Operator op) {
            return op.options() != null && op.options().int8(0, 0) != 0;
        }

        Match match(TfliteModel.Operator add, int positive, int scaled) {
            TfliteModel.Operator relu = inner(positive, BuiltinOperator.RELU);
            TfliteModel.Operator mul = inner(scaled, BuiltinOperator.MUL);
            if (relu == null || mul == null || fused(mul) || mul.inputs().length != 2) return null;
            int x = relu.inputs()[0];
            for (int k = 0; k < 2; k++) {
                TfliteModel.Tensor c = model.tensor(mul.inputs()[k]);
                if (!c.constant() || c.type() != TensorType.FLOAT32 || !broadcastsTo(c.shape(), model.tensor(x).shape())) continue;
                int other = mul.inputs()[1 - k];
                Set<Integer> ops = new HashSet<>(Set.of(relu.index(), mul.index(), add.index()));
                float[] slope = c.floats();
                // relu(x) + a * -relu(-x)
                TfliteModel.Operator neg2 = inner(other, BuiltinOperator.NEG);
                TfliteModel.Operator relu2 = neg2 == null ? null : inner(neg2.inputs()[0], BuiltinOperator.RELU);
                TfliteModel.Operator neg1 = relu2 == null ? null : inner(relu2.inputs()[0], BuiltinOperator.NEG);
                if (neg1 != null && neg1.inputs()[0] == x) {
                    ops.addAll(Set.of(neg2.index(), relu2.index(), neg1.index()));
                    return new Match(add.index(), x, slope, c.shape(), ops);
                }
                // relu(x) + c * (x - |x|)
                TfliteModel.Operator sub = inner(other, BuiltinOperator.SUB);
                if (sub != null && !fused(sub) && sub.inputs()[0] == x) {
                    TfliteModel.Operator abs = inner(sub.inputs()[1], BuiltinOperator.ABS);
                    if (abs != null && abs.inputs()[0] == x) {
                        ops.addAll(Set.of(sub.index(), abs.index()));
                        float[] doubled = slope.clone();
                        for (int i = 0; i < doubled.length; i++) doubled[i] *= 2;
                        return new Match(add.index(), x, doubled, c.shape(), ops);
                    }
                }
            }
            return null;
        }
    }

    /** Whether {@code slope} broadcasts to {@code x} without changing x's shape (numpy rules, aligned at the end). */
    static boolean broadcastsTo(int[] slope, int[] x) {
        if (slope.length > x.length) return false;
        for (int i = 1; i <= slope.length; i++) {
            int s = slope[slope.length - i], d = x[x.length - i];
            if (s != 1 && s != d) return false;
        }
        return Arrays.stream(slope).allMatch(d -> d > 0);
    }
}
