package org.fr.tflite;

import java.util.List;

/** Names of TFLite builtin operator codes (the schema's {@code BuiltinOperator} enum), for messages and dispatch. */
final class BuiltinOperator {
    static final int ADD = 0, AVERAGE_POOL_2D = 1, CONCATENATION = 2, CONV_2D = 3, DEPTHWISE_CONV_2D = 4,
            DEQUANTIZE = 6, FULLY_CONNECTED = 9, L2_NORMALIZATION = 11, LOGISTIC = 14, MAX_POOL_2D = 17, MUL = 18,
            RELU = 19, RELU_N1_TO_1 = 20, RELU6 = 21, RESHAPE = 22, SOFTMAX = 25, TANH = 28, PAD = 34,
            TRANSPOSE = 39, MEAN = 40, SUB = 41, DIV = 42, SQUEEZE = 43, STRIDED_SLICE = 45, EXP = 47, CAST = 53,
            PRELU = 54, MAXIMUM = 55, MINIMUM = 57, LESS = 58, NEG = 59, GREATER = 61, GREATER_EQUAL = 62,
            LESS_EQUAL = 63, SUM = 74, SQRT = 75, RSQRT = 76, REDUCE_MAX = 82, LEAKY_RELU = 98, ABS = 101;

    private static final List<String> NAMES = List.of(
            "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE",
            "DEQUANTIZE", "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED", "HASHTABLE_LOOKUP", "L2_NORMALIZATION",
            "L2_POOL_2D", "LOCAL_RESPONSE_NORMALIZATION", "LOGISTIC", "LSH_PROJECTION", "LSTM", "MAX_POOL_2D", "MUL",
            "RELU", "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR", "RNN", "SOFTMAX", "SPACE_TO_DEPTH", "SVDF",
            "TANH", "CONCAT_EMBEDDINGS", "SKIP_GRAM", "CALL", "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD",
            "UNIDIRECTIONAL_SEQUENCE_RNN", "GATHER", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE", "MEAN",
            "SUB", "DIV", "SQUEEZE", "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE", "BIDIRECTIONAL_SEQUENCE_RNN",
            "EXP", "TOPK_V2", "SPLIT", "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU",
            "MAXIMUM", "ARG_MAX", "MINIMUM", "LESS", "NEG", "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL",
            "SELECT", "SLICE", "SIN", "TRANSPOSE_CONV", "SPARSE_TO_DENSE", "TILE", "EXPAND_DIMS", "EQUAL",
            "NOT_EQUAL", "LOG", "SUM", "SQRT", "RSQRT", "SHAPE", "POW", "ARG_MIN", "FAKE_QUANT", "REDUCE_PROD",
            "REDUCE_MAX", "PACK", "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND", "LOGICAL_NOT", "UNPACK", "REDUCE_MIN",
            "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE", "FILL", "FLOOR_MOD", "RANGE",
            "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE", "MIRROR_PAD", "ABS", "SPLIT_V");

    private BuiltinOperator() {}

    /** The operator's schema name, e.g. {@code CONV_2D}, or {@code BUILTIN_<code>} for codes beyond this list. */
    static String name(int code) {
        return code >= 0 && code < NAMES.size() ? NAMES.get(code) : "BUILTIN_" + code;
    }
}
