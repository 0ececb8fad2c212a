package org.fr.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.google.protobuf.CodedOutputStream;

/**
 * Builds tiny ONNX models in memory (protobuf wire format of onnx.proto's ModelProto, field numbers from the ONNX
 * specification) so the runner can be tested without pretrained weights.
 */
final class TinyModels {
    private TinyModels() {}

    /** {@code y = x + c} with x of shape [N, 3] and c a constant vector of three equal values. */
    static byte[] addConstant(float c) {
        byte[] tensor = message(out -> {
            out.writeInt64(1, 3);          // dims
            out.writeInt32(2, 1);          // data_type FLOAT
            for (int i = 0; i < 3; i++) out.writeFloat(4, c); // float_data (unpacked is valid)
            out.writeString(8, "c");       // name
        });
        byte[] node = message(out -> {
            out.writeString(1, "x");
            out.writeString(1, "c");
            out.writeString(2, "y");
            out.writeString(3, "add");
            out.writeString(4, "Add");
        });
        byte[] graph = message(out -> {
            out.writeByteArray(1, node);
            out.writeString(2, "tiny");
            out.writeByteArray(5, tensor);
            out.writeByteArray(11, valueInfo("x"));
            out.writeByteArray(12, valueInfo("y"));
        });
        byte[] opset = message(out -> {
            out.writeString(1, "");
            out.writeInt64(2, 13);
        });
        return message(out -> {
            out.writeInt64(1, 8);          // ir_version
            out.writeByteArray(7, graph);
            out.writeByteArray(8, opset);
        });
    }

    private static byte[] valueInfo(String name) {
        byte[] dimN = message(out -> out.writeString(2, "N"));
        byte[] dim3 = message(out -> out.writeInt64(1, 3));
        byte[] shape = message(out -> {
            out.writeByteArray(1, dimN);
            out.writeByteArray(1, dim3);
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(1, 1);
            out.writeByteArray(2, shape);
        });
        byte[] type = message(out -> out.writeByteArray(1, tensorType));
        return message(out -> {
            out.writeString(1, name);
            out.writeByteArray(2, type);
        });
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer w) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            w.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
