package org.fr.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import com.google.flatbuffers.FlatBufferBuilder;

/**
 * Builds small TFLite flatbuffers for tests with the generic {@link FlatBufferBuilder} (no generated schema
 * classes): tensors, constant buffers, operators with their options tables, one subgraph. Field numbers follow
 * {@code schema.fbs}. Not thread-safe.
 */
final class TfliteBuilder {
    static final int FLOAT32 = 0, FLOAT16 = 1, INT32 = 2, BOOL = 6, INT8 = 9;

    private record TensorDef(String name, int[] shape, int type, byte[] data) {}

    private record OpDef(int code, int[] inputs, int[] outputs, int optionsType, ToIntFunction<FlatBufferBuilder> options) {}

    private final List<TensorDef> tensors = new ArrayList<>();
    private final List<OpDef> ops = new ArrayList<>();
    private final List<Integer> inputs = new ArrayList<>();
    private final List<Integer> outputs = new ArrayList<>();

    /** A float32 graph input. */
    int input(String name, int... shape) {
        int t = typed(name, FLOAT32, shape);
        inputs.add(t);
        return t;
    }

    /** An activation tensor of a given type. */
    int typed(String name, int type, int... shape) {
        tensors.add(new TensorDef(name, shape.clone(), type, null));
        return tensors.size() - 1;
    }

    /** A float32 activation tensor. */
    int tensor(String name, int... shape) {
        return typed(name, FLOAT32, shape);
    }

    int output(int tensor) {
        outputs.add(tensor);
        return tensor;
    }

    int constant(String name, int[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        tensors.add(new TensorDef(name, shape.clone(), FLOAT32, b.array()));
        return tensors.size() - 1;
    }

    /** A float16 constant holding {@code values} rounded to half precision. */
    int constantHalf(String name, int[] shape, short[] halfBits) {
        ByteBuffer b = ByteBuffer.allocate(halfBits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : halfBits) b.putShort(v);
        tensors.add(new TensorDef(name, shape.clone(), FLOAT16, b.array()));
        return tensors.size() - 1;
    }

    int constantInts(String name, int[] shape, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) b.putInt(v);
        tensors.add(new TensorDef(name, shape.clone(), INT32, b.array()));
        return tensors.size() - 1;
    }

    int constantRaw(String name, int type, int[] shape, byte[] data) {
        tensors.add(new TensorDef(name, shape.clone(), type, data.clone()));
        return tensors.size() - 1;
    }

    /** An operator; {@code options} builds its options table (or is null), {@code optionsType} its union type. */
    void op(int code, int[] in, int[] out, int optionsType, ToIntFunction<FlatBufferBuilder> options) {
        ops.add(new OpDef(code, in.clone(), out.clone(), optionsType, options));
    }

    void op(int code, int[] in, int[] out) {
        op(code, in, out, 0, null);
    }

    /**
     * An options table from (field, value) pairs: Byte as int8, Integer as int32, Float as float32, Boolean as bool,
     * int[] as a vector of int32.
     */
    static ToIntFunction<FlatBufferBuilder> table(Object... fieldValues) {
        return fbb -> {
            int[] vectors = new int[fieldValues.length / 2];
            for (int i = 0; i < fieldValues.length; i += 2) {
                if (fieldValues[i + 1] instanceof int[] v) vectors[i / 2] = intVector(fbb, v);
            }
            int maxField = 0;
            for (int i = 0; i < fieldValues.length; i += 2) maxField = Math.max(maxField, (Integer) fieldValues[i]);
            fbb.startTable(maxField + 1);
            for (int i = 0; i < fieldValues.length; i += 2) {
                int f = (Integer) fieldValues[i];
                Object v = fieldValues[i + 1];
                if (v instanceof Byte b) fbb.addByte(f, b, (byte) -128);
                else if (v instanceof Integer n) fbb.addInt(f, n, Integer.MIN_VALUE);
                else if (v instanceof Float x) fbb.addFloat(f, x, Double.NaN);
                else if (v instanceof Boolean x) fbb.addBoolean(f, x, !x);
                else if (v instanceof int[]) fbb.addOffset(f, vectors[i / 2], 0);
                else throw new IllegalArgumentException("unsupported option value " + v);
            }
            return fbb.endTable();
        };
    }

    private static int intVector(FlatBufferBuilder fbb, int[] v) {
        fbb.startVector(4, v.length, 4);
        for (int i = v.length - 1; i >= 0; i--) fbb.addInt(v[i]);
        return fbb.endVector();
    }

    byte[] build() {
        FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
        // buffers: 0 is the empty sentinel, then one per constant
        List<Integer> bufferOffsets = new ArrayList<>();
        fbb.startTable(3);
        bufferOffsets.add(fbb.endTable());
        int[] bufferOf = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            TensorDef t = tensors.get(i);
            if (t.data() == null) continue;
            int data = fbb.createByteVector(t.data());
            fbb.startTable(3);
            fbb.addOffset(0, data, 0);
            bufferOffsets.add(fbb.endTable());
            bufferOf[i] = bufferOffsets.size() - 1;
        }
        int[] tensorOffsets = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            TensorDef t = tensors.get(i);
            int shape = intVector(fbb, t.shape());
            int name = fbb.createString(t.name());
            fbb.startTable(8);
            fbb.addOffset(0, shape, 0);
            fbb.addByte(1, (byte) t.type(), (byte) -1);
            fbb.addInt(2, bufferOf[i], -1);
            fbb.addOffset(3, name, 0);
            tensorOffsets[i] = fbb.endTable();
        }
        List<Integer> codes = new ArrayList<>();
        int[] opOffsets = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            OpDef op = ops.get(i);
            if (!codes.contains(op.code())) codes.add(op.code());
            int in = intVector(fbb, op.inputs()), out = intVector(fbb, op.outputs());
            int options = op.options() == null ? 0 : op.options().applyAsInt(fbb);
            fbb.startTable(5);
            fbb.addInt(0, codes.indexOf(op.code()), -1);
            fbb.addOffset(1, in, 0);
            fbb.addOffset(2, out, 0);
            if (options != 0) {
                fbb.addByte(3, (byte) op.optionsType(), (byte) -1);
                fbb.addOffset(4, options, 0);
            }
            opOffsets[i] = fbb.endTable();
        }
        int tensorsVec = fbb.createVectorOfTables(tensorOffsets);
        int inVec = intVector(fbb, inputs.stream().mapToInt(Integer::intValue).toArray());
        int outVec = intVector(fbb, outputs.stream().mapToInt(Integer::intValue).toArray());
        int opsVec = fbb.createVectorOfTables(opOffsets);
        int sgName = fbb.createString("main");
        fbb.startTable(5);
        fbb.addOffset(0, tensorsVec, 0);
        fbb.addOffset(1, inVec, 0);
        fbb.addOffset(2, outVec, 0);
        fbb.addOffset(3, opsVec, 0);
        fbb.addOffset(4, sgName, 0);
        int subgraph = fbb.endTable();

        int[] codeOffsets = new int[codes.size()];
        for (int i = 0; i < codes.size(); i++) {
            int code = codes.get(i);
            fbb.startTable(4);
            fbb.addByte(0, (byte) Math.min(code, 127), (byte) -1);
            fbb.addInt(2, 1, -1);
            fbb.addInt(3, code, -1);
            codeOffsets[i] = fbb.endTable();
        }
        int codesVec = fbb.createVectorOfTables(codeOffsets);
        int subgraphsVec = fbb.createVectorOfTables(new int[] {subgraph});
        int buffersVec = fbb.createVectorOfTables(bufferOffsets.stream().mapToInt(Integer::intValue).toArray());
        fbb.startTable(5);
        fbb.addInt(0, 3, -1);
        fbb.addOffset(1, codesVec, 0);
        fbb.addOffset(2, subgraphsVec, 0);
        fbb.addOffset(4, buffersVec, 0);
        int model = fbb.endTable();
        fbb.finish(model, "TFL3");
        return fbb.sizedByteArray();
    }
}
