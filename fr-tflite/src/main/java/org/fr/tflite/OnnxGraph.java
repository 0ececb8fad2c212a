package org.fr.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX graph under construction, serialised to a {@code ModelProto} (field numbers from the ONNX
 * specification's {@code onnx.proto}) without generated classes. Opset {@value #OPSET} of the default domain.
 * Not thread-safe; one per conversion.
 */
final class OnnxGraph {
    static final int OPSET = 13;
    private static final long IR_VERSION = 7;
    // ONNX DataType codes
    static final int FLOAT = 1, INT32 = 6, INT64 = 7, BOOL = 9, FLOAT16 = 10;

    // ModelProto
    private static final int MODEL_IR_VERSION = 1, MODEL_PRODUCER_NAME = 2, MODEL_PRODUCER_VERSION = 3,
            MODEL_GRAPH = 7, MODEL_OPSET_IMPORT = 8, OPSET_VERSION = 2;
    // GraphProto
    private static final int GRAPH_NODE = 1, GRAPH_NAME = 2, GRAPH_INITIALIZER = 5, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_NAME = 3, NODE_OP_TYPE = 4, NODE_ATTRIBUTE = 5;
    // AttributeProto
    private static final int ATTR_NAME = 1, ATTR_F = 2, ATTR_I = 3, ATTR_S = 4, ATTR_INTS = 8, ATTR_TYPE = 20;
    private static final int ATTR_TYPE_FLOAT = 1, ATTR_TYPE_INT = 2, ATTR_TYPE_STRING = 3, ATTR_TYPE_INTS = 7;
    // TensorProto
    private static final int TENSOR_DIMS = 1, TENSOR_DATA_TYPE = 2, TENSOR_NAME = 8, TENSOR_RAW_DATA = 9;
    // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, Dimension
    private static final int VI_NAME = 1, VI_TYPE = 2, TYPE_TENSOR = 1, TT_ELEM_TYPE = 1, TT_SHAPE = 2, SHAPE_DIM = 1,
            DIM_VALUE = 1, DIM_PARAM = 2;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();

    /** One node attribute. */
    static final class Attr {
        private final ProtoWriter proto = new ProtoWriter();

        static Attr i(String name, long value) {
            Attr a = new Attr();
            a.proto.string(ATTR_NAME, name).int64(ATTR_I, value).int64(ATTR_TYPE, ATTR_TYPE_INT);
            return a;
        }

        static Attr f(String name, float value) {
            Attr a = new Attr();
            a.proto.string(ATTR_NAME, name).float32(ATTR_F, value).int64(ATTR_TYPE, ATTR_TYPE_FLOAT);
            return a;
        }

        static Attr s(String name, String value) {
            Attr a = new Attr();
            a.proto.string(ATTR_NAME, name).bytes(ATTR_S, value.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .int64(ATTR_TYPE, ATTR_TYPE_STRING);
            return a;
        }

        static Attr ints(String name, long... values) {
            Attr a = new Attr();
            a.proto.string(ATTR_NAME, name).int64s(ATTR_INTS, values).int64(ATTR_TYPE, ATTR_TYPE_INTS);
            return a;
        }
    }

    /** Adds a node; an empty string among {@code inputs} marks an omitted optional input. */
    void node(String opType, List<String> in, List<String> out, Attr... attrs) {
        ProtoWriter n = new ProtoWriter();
        for (String s : in) n.string(NODE_INPUT, s);
        for (String s : out) n.string(NODE_OUTPUT, s);
        n.string(NODE_NAME, opType + "_" + nodes.size());
        n.string(NODE_OP_TYPE, opType);
        for (Attr a : attrs) n.message(NODE_ATTRIBUTE, a.proto);
        nodes.add(n);
    }

    void initializer(String name, int onnxType, long[] dims, byte[] raw) {
        ProtoWriter t = new ProtoWriter();
        t.int64s(TENSOR_DIMS, dims);
        t.int64(TENSOR_DATA_TYPE, onnxType);
        t.string(TENSOR_NAME, name);
        t.bytes(TENSOR_RAW_DATA, raw);
        initializers.add(t);
    }

    String floatConstant(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        initializer(name, FLOAT, dims, b.array());
        return name;
    }

    String int64Constant(String name, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        initializer(name, INT64, new long[] {values.length}, b.array());
        return name;
    }

    /**
     * Declares a graph input or output; {@code dims[i] == null} with {@code dimNames[i] != null} makes dimension
     * {@code i} symbolic. {@code dims == null} declares no shape.
     */
    void value(boolean input, String name, int onnxType, long[] dims, String[] dimNames) {
        ProtoWriter tt = new ProtoWriter().int64(TT_ELEM_TYPE, onnxType);
        if (dims != null) {
            ProtoWriter shape = new ProtoWriter();
            for (int i = 0; i < dims.length; i++) {
                ProtoWriter d = new ProtoWriter();
                if (dimNames != null && i < dimNames.length && dimNames[i] != null) d.string(DIM_PARAM, dimNames[i]);
                else d.int64(DIM_VALUE, dims[i]);
                shape.message(SHAPE_DIM, d);
            }
            tt.message(TT_SHAPE, shape);
        }
        ProtoWriter vi = new ProtoWriter().string(VI_NAME, name)
                .message(VI_TYPE, new ProtoWriter().message(TYPE_TENSOR, tt));
        (input ? inputs : outputs).add(vi);
    }

    byte[] toModelBytes(String graphName, String producerVersion) {
        ProtoWriter g = new ProtoWriter();
        for (ProtoWriter n : nodes) g.message(GRAPH_NODE, n);
        g.string(GRAPH_NAME, graphName);
        for (ProtoWriter t : initializers) g.message(GRAPH_INITIALIZER, t);
        for (ProtoWriter v : inputs) g.message(GRAPH_INPUT, v);
        for (ProtoWriter v : outputs) g.message(GRAPH_OUTPUT, v);
        return new ProtoWriter()
                .int64(MODEL_IR_VERSION, IR_VERSION)
                .string(MODEL_PRODUCER_NAME, "fr-tflite")
                .string(MODEL_PRODUCER_VERSION, producerVersion)
                .message(MODEL_GRAPH, g)
                .message(MODEL_OPSET_IMPORT, new ProtoWriter().int64(OPSET_VERSION, OPSET))
                .toByteArray();
    }
}
