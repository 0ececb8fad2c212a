package org.fr.tflite;

/**
 * TFLite tensor element types (the schema's {@code TensorType} enum) with their ONNX {@code DataType} codes and
 * element sizes; 0 marks a type with no ONNX counterpart here.
 */
enum TensorType {
    FLOAT32(1, 4), FLOAT16(10, 2), INT32(6, 4), UINT8(2, 1), INT64(7, 8), STRING(0, 0), BOOL(9, 1), INT16(5, 2),
    COMPLEX64(0, 8), INT8(3, 1), FLOAT64(11, 8), COMPLEX128(0, 16), UINT64(13, 8), RESOURCE(0, 0), VARIANT(0, 0),
    UINT32(12, 4), UINT16(4, 2), INT4(0, 0);

    final int onnxType;
    final int bytes;

    TensorType(int onnxType, int bytes) {
        this.onnxType = onnxType;
        this.bytes = bytes;
    }

    /** The type with schema code {@code code}, or {@code null} for a code this reader does not know. */
    static TensorType of(int code) {
        TensorType[] all = values();
        return code >= 0 && code < all.length ? all[code] : null;
    }

    /** Whether the importer converts tensors of this type (quantized integer activations are not). */
    boolean supported() {
        return this == FLOAT32 || this == FLOAT16 || this == INT32 || this == INT64 || this == BOOL;
    }
}
