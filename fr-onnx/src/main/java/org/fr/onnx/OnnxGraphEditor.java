package org.fr.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import org.fr.ModelException;

/**
 * Small, schema-free edits of an ONNX model's protobuf (field numbers from the ONNX specification's
 * {@code onnx.proto}): make chosen intermediate tensors the graph's outputs, drop the nodes and initializers no
 * longer needed for them, and turn fixed input dimensions into symbolic ones. Used to run a detector whose
 * post-processing was exported for one input size at other sizes, with the post-processing done in Java.
 * Stateless and thread-safe.
 */
public final class OnnxGraphEditor {
    // ModelProto
    private static final int MODEL_GRAPH = 7;
    // GraphProto
    private static final int GRAPH_NODE = 1, GRAPH_INITIALIZER = 5, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12, GRAPH_VALUE_INFO = 13;
    // NodeProto
    private static final int NODE_INPUT = 1, NODE_OUTPUT = 2;
    // TensorProto
    private static final int TENSOR_NAME = 8;
    // ValueInfoProto / TypeProto / TypeProto.Tensor / TensorShapeProto / Dimension
    private static final int VI_NAME = 1, VI_TYPE = 2, TYPE_TENSOR = 1, TENSOR_SHAPE = 2, SHAPE_DIM = 1, DIM_PARAM = 2;

    private OnnxGraphEditor() {}

    /**
     * Returns a copy of {@code model} whose outputs are {@code outputs} (tensors computed inside the graph), with
     * every node and initializer that does not contribute to them removed, and with the listed input dimensions
     * made symbolic.
     *
     * @param symbolicDims input name to the names of its dimensions; {@code null} keeps a dimension as it is
     * @throws ModelException if the bytes are not an ONNX model or a requested output is not produced by any node
     */
    public static byte[] cutAt(String modelId, byte[] model, List<String> outputs, Map<String, String[]> symbolicDims) {
        try {
            UnknownFieldSet m = UnknownFieldSet.parseFrom(model);
            List<ByteString> graphs = m.getField(MODEL_GRAPH).getLengthDelimitedList();
            if (graphs.size() != 1) throw new ModelException("model " + modelId + " has no graph to edit");
            UnknownFieldSet g = UnknownFieldSet.parseFrom(graphs.get(0));

            List<ByteString> nodes = g.getField(GRAPH_NODE).getLengthDelimitedList();
            Set<String> needed = new HashSet<>(outputs);
            Set<String> produced = new HashSet<>();
            boolean[] keep = new boolean[nodes.size()];
            for (int i = nodes.size() - 1; i >= 0; i--) {
                UnknownFieldSet n = UnknownFieldSet.parseFrom(nodes.get(i));
                List<String> outs = strings(n, NODE_OUTPUT);
                produced.addAll(outs);
                if (outs.stream().anyMatch(needed::contains)) {
                    keep[i] = true;
                    needed.addAll(strings(n, NODE_INPUT));
                }
            }
            for (String o : outputs) {
                if (!produced.contains(o)) {
                    throw new ModelException("model " + modelId + " has no tensor named '" + o + "' to expose as an output");
                }
            }
            UnknownFieldSet.Builder gb = UnknownFieldSet.newBuilder();
            for (var e : g.asMap().entrySet()) {
                int field = e.getKey();
                switch (field) {
                    case GRAPH_NODE -> {
                        UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
                        for (int i = 0; i < nodes.size(); i++) if (keep[i]) f.addLengthDelimited(nodes.get(i));
                        gb.addField(field, f.build());
                    }
                    case GRAPH_INITIALIZER -> {
                        UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
                        for (ByteString t : e.getValue().getLengthDelimitedList()) {
                            List<String> name = strings(UnknownFieldSet.parseFrom(t), TENSOR_NAME);
                            if (!name.isEmpty() && needed.contains(name.get(0))) f.addLengthDelimited(t);
                        }
                        gb.addField(field, f.build());
                    }
                    case GRAPH_INPUT -> {
                        UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
                        for (ByteString vi : e.getValue().getLengthDelimitedList()) {
                            UnknownFieldSet v = UnknownFieldSet.parseFrom(vi);
                            String name = strings(v, VI_NAME).get(0);
                            if (symbolicDims.containsKey(name)) f.addLengthDelimited(withSymbolicDims(v, symbolicDims.get(name)));
                            else if (needed.contains(name)) f.addLengthDelimited(vi);
                        }
                        gb.addField(field, f.build());
                    }
                    case GRAPH_OUTPUT -> {
                        UnknownFieldSet.Field.Builder f = UnknownFieldSet.Field.newBuilder();
                        for (String o : outputs) {
                            f.addLengthDelimited(UnknownFieldSet.newBuilder()
                                    .addField(VI_NAME, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(o)).build())
                                    .build().toByteString());
                        }
                        gb.addField(field, f.build());
                    }
                    case GRAPH_VALUE_INFO -> {
                        // shapes recorded for one input size would contradict the others: let onnxruntime infer them
                    }
                    default -> gb.addField(field, e.getValue());
                }
            }
            if (!g.hasField(GRAPH_OUTPUT)) {
                throw new ModelException("model " + modelId + " graph declares no outputs");
            }
            UnknownFieldSet.Builder mb = UnknownFieldSet.newBuilder(m);
            mb.clearField(MODEL_GRAPH);
            mb.addField(MODEL_GRAPH, UnknownFieldSet.Field.newBuilder().addLengthDelimited(gb.build().toByteString()).build());
            return serialise(mb.build());
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException("model " + modelId + " is not a valid ONNX protobuf: " + e.getMessage(), e);
        }
    }

    private static ByteString withSymbolicDims(UnknownFieldSet valueInfo, String[] names) throws InvalidProtocolBufferException {
        UnknownFieldSet type = UnknownFieldSet.parseFrom(valueInfo.getField(VI_TYPE).getLengthDelimitedList().get(0));
        UnknownFieldSet tensor = UnknownFieldSet.parseFrom(type.getField(TYPE_TENSOR).getLengthDelimitedList().get(0));
        UnknownFieldSet shape = UnknownFieldSet.parseFrom(tensor.getField(TENSOR_SHAPE).getLengthDelimitedList().get(0));
        List<ByteString> dims = shape.getField(SHAPE_DIM).getLengthDelimitedList();
        UnknownFieldSet.Field.Builder newDims = UnknownFieldSet.Field.newBuilder();
        for (int i = 0; i < dims.size(); i++) {
            if (i < names.length && names[i] != null) {
                newDims.addLengthDelimited(UnknownFieldSet.newBuilder()
                        .addField(DIM_PARAM, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(names[i])).build())
                        .build().toByteString());
            } else {
                newDims.addLengthDelimited(dims.get(i));
            }
        }
        UnknownFieldSet newShape = UnknownFieldSet.newBuilder(shape).clearField(SHAPE_DIM).addField(SHAPE_DIM, newDims.build()).build();
        UnknownFieldSet newTensor = replace(tensor, TENSOR_SHAPE, newShape.toByteString());
        UnknownFieldSet newType = replace(type, TYPE_TENSOR, newTensor.toByteString());
        return replace(valueInfo, VI_TYPE, newType.toByteString()).toByteString();
    }

    private static UnknownFieldSet replace(UnknownFieldSet set, int field, ByteString value) {
        return UnknownFieldSet.newBuilder(set).clearField(field)
                .addField(field, UnknownFieldSet.Field.newBuilder().addLengthDelimited(value).build()).build();
    }

    private static List<String> strings(UnknownFieldSet set, int field) {
        List<String> out = new ArrayList<>();
        if (set.hasField(field)) for (ByteString b : set.getField(field).getLengthDelimitedList()) out.add(b.toStringUtf8());
        return out;
    }

    private static byte[] serialise(UnknownFieldSet set) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(set.getSerializedSize());
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            set.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("serialising to memory cannot fail", e);
        }
    }
}
