package org.fr.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fr.ModelException;

/**
 * The main subgraph of a TFLite flatbuffer ({@code schema.fbs}, file identifier {@code TFL3}): its tensors, with
 * constant data where a buffer holds some, its operators in execution order, and its inputs and outputs.
 * Immutable after parsing; the tensor data are read-only views of the file's bytes. Thread-safe.
 */
final class TfliteModel {
    // Model
    private static final int MODEL_OPERATOR_CODES = 1, MODEL_SUBGRAPHS = 2, MODEL_BUFFERS = 4;
    // OperatorCode
    private static final int CODE_DEPRECATED_BUILTIN = 0, CODE_CUSTOM = 1, CODE_BUILTIN = 3;
    // SubGraph
    private static final int SUBGRAPH_TENSORS = 0, SUBGRAPH_INPUTS = 1, SUBGRAPH_OUTPUTS = 2, SUBGRAPH_OPERATORS = 3;
    // Tensor
    private static final int TENSOR_SHAPE = 0, TENSOR_TYPE = 1, TENSOR_BUFFER = 2, TENSOR_NAME = 3,
            TENSOR_QUANTIZATION = 4, TENSOR_SPARSITY = 6, TENSOR_SHAPE_SIGNATURE = 7;
    // QuantizationParameters
    private static final int QUANT_SCALE = 2;
    // Buffer
    private static final int BUFFER_DATA = 0, BUFFER_OFFSET = 1, BUFFER_SIZE = 2;
    // Operator
    private static final int OP_OPCODE_INDEX = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS = 4;

    /** One tensor; {@code data} is null for activations and little-endian constant bytes otherwise. */
    record Tensor(int index, String name, int[] shape, int[] shapeSignature, TensorType type, int typeCode,
                  boolean quantized, ByteBuffer data) {
        boolean constant() { return data != null; }

        float[] floats() {
            if (type == TensorType.FLOAT32) {
                float[] out = new float[data.remaining() / 4];
                data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
                return out;
            }
            if (type == TensorType.FLOAT16) {
                float[] out = new float[data.remaining() / 2];
                ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < out.length; i++) out[i] = halfToFloat(b.getShort(2 * i));
                return out;
            }
            throw new IllegalStateException("tensor " + name + " is " + type + ", not floating point");
        }

        /** IEEE 754 binary16 to float (exact: every half value is a float). */
        static float halfToFloat(short bits) {
            int h = bits & 0xffff;
            int sign = (h & 0x8000) << 16;
            int exp = (h >>> 10) & 0x1f;
            int mant = h & 0x3ff;
            if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf, nan
            if (exp == 0) { // zero and subnormals: mant * 2^-24
                float v = mant * 0x1p-24f;
                return sign != 0 ? -v : v;
            }
            return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
        }

        long[] integers() {
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            return switch (type) {
                case INT32 -> {
                    long[] out = new long[b.remaining() / 4];
                    for (int i = 0; i < out.length; i++) out[i] = b.getInt(4 * i);
                    yield out;
                }
                case INT64 -> {
                    long[] out = new long[b.remaining() / 8];
                    for (int i = 0; i < out.length; i++) out[i] = b.getLong(8 * i);
                    yield out;
                }
                default -> throw new IllegalStateException("tensor " + name + " is " + type + ", not integer");
            };
        }
    }

    /** One operator: builtin code (or {@link BuiltinOperator} CUSTOM with its custom name), tensor indices, options. */
    record Operator(int index, int code, String customName, int[] inputs, int[] outputs, FlatTable options) {
        String opName() {
            return customName != null ? "CUSTOM(" + customName + ")" : BuiltinOperator.name(code);
        }
    }

    final String modelId;
    final List<Tensor> tensors;
    final List<Operator> operators;
    final int[] inputs;
    final int[] outputs;

    private TfliteModel(String modelId, List<Tensor> tensors, List<Operator> operators, int[] inputs, int[] outputs) {
        this.modelId = modelId;
        this.tensors = tensors;
        this.operators = operators;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * Parses a TFLite file.
     *
     * @throws ModelException if the bytes are not a TFLite flatbuffer or are damaged
     */
    static TfliteModel parse(String modelId, byte[] file) {
        if (file.length < 8 || !"TFL3".equals(new String(file, 4, 4, StandardCharsets.US_ASCII))) {
            throw new ModelException("model " + modelId + " is not a TensorFlow Lite file (no TFL3 identifier at byte 4)");
        }
        try {
            return read(modelId, ByteBuffer.wrap(file).asReadOnlyBuffer());
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ModelException("model " + modelId + " is a damaged TensorFlow Lite file: " + e, e);
        }
    }

    private static TfliteModel read(String modelId, ByteBuffer bytes) {
        FlatTable model = FlatTable.root(bytes);
        int nSubgraphs = model.vectorLength(MODEL_SUBGRAPHS);
        if (nSubgraphs < 1) throw new ModelException("model " + modelId + " has no subgraph");
        FlatTable sg = model.tableElement(MODEL_SUBGRAPHS, 0);

        int nCodes = model.vectorLength(MODEL_OPERATOR_CODES);
        int[] codes = new int[nCodes];
        String[] custom = new String[nCodes];
        for (int i = 0; i < nCodes; i++) {
            FlatTable c = model.tableElement(MODEL_OPERATOR_CODES, i);
            codes[i] = Math.max(c.int8(CODE_DEPRECATED_BUILTIN, 0), c.int32(CODE_BUILTIN, 0));
            if (codes[i] == 32) custom[i] = c.string(CODE_CUSTOM);
        }

        List<Tensor> tensors = new ArrayList<>();
        int nTensors = sg.vectorLength(SUBGRAPH_TENSORS);
        for (int i = 0; i < nTensors; i++) {
            FlatTable t = sg.tableElement(SUBGRAPH_TENSORS, i);
            int typeCode = t.int8(TENSOR_TYPE, 0);
            FlatTable q = t.table(TENSOR_QUANTIZATION);
            boolean quantized = q != null && q.vectorLength(QUANT_SCALE) > 0;
            if (t.has(TENSOR_SPARSITY)) {
                throw new ModelException("model " + modelId + ": tensor " + t.string(TENSOR_NAME)
                        + " is stored sparse, which the importer does not support");
            }
            ByteBuffer data = bufferData(model, t.int32(TENSOR_BUFFER, 0));
            int[] sig = t.int32Vector(TENSOR_SHAPE_SIGNATURE);
            String name = t.string(TENSOR_NAME);
            tensors.add(new Tensor(i, name == null || name.isEmpty() ? "tensor_" + i : name, t.int32Vector(TENSOR_SHAPE),
                    sig, TensorType.of(typeCode), typeCode, quantized, data));
        }

        List<Operator> ops = new ArrayList<>();
        int nOps = sg.vectorLength(SUBGRAPH_OPERATORS);
        for (int i = 0; i < nOps; i++) {
            FlatTable o = sg.tableElement(SUBGRAPH_OPERATORS, i);
            int idx = o.int32(OP_OPCODE_INDEX, 0);
            if (idx < 0 || idx >= nCodes) throw new ModelException("model " + modelId + ": operator " + i + " has no operator code");
            ops.add(new Operator(i, codes[idx], custom[idx], o.int32Vector(OP_INPUTS), o.int32Vector(OP_OUTPUTS),
                    o.table(OP_OPTIONS)));
        }
        return new TfliteModel(modelId, List.copyOf(tensors), List.copyOf(ops), sg.int32Vector(SUBGRAPH_INPUTS),
                sg.int32Vector(SUBGRAPH_OUTPUTS));
    }

    private static ByteBuffer bufferData(FlatTable model, int index) {
        if (index <= 0 || index >= model.vectorLength(MODEL_BUFFERS)) return null;
        FlatTable b = model.tableElement(MODEL_BUFFERS, index);
        if (b.vectorLength(BUFFER_DATA) > 0) return b.byteVector(BUFFER_DATA).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long offset = b.int64(BUFFER_OFFSET, 0), size = b.int64(BUFFER_SIZE, 0);
        if (offset > 1 && size > 0) {
            return model.file().slice(Math.toIntExact(offset), Math.toIntExact(size)).asReadOnlyBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        return null;
    }

    Tensor tensor(int index) {
        return tensors.get(index);
    }
}
