package org.fr.tflite;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to convert a TFLite model: which input dimensions to make symbolic in the ONNX model, so that one model
 * accepts several batch sizes or image sizes. TFLite files record one fixed shape per input (e.g. P-Net's
 * {@code [1,1280,960,3]}); a symbolic dimension lets onnxruntime take any size there. Reshapes whose leading
 * dimension is the fixed batch size follow a symbolic batch dimension.
 *
 * <p>Immutable and thread-safe.
 */
public final class ImportOptions {
    private static final ImportOptions NONE = new ImportOptions(Map.of(), false);
    private final Map<String, String[]> symbolicDims;
    private final boolean symbolicBatch;

    private ImportOptions(Map<String, String[]> symbolicDims, boolean symbolicBatch) {
        this.symbolicDims = symbolicDims;
        this.symbolicBatch = symbolicBatch;
    }

    /** Every dimension as recorded in the file. */
    public static ImportOptions none() {
        return NONE;
    }

    /**
     * A copy of these options where input {@code input}'s dimensions get the given names; a {@code null} name keeps
     * that dimension fixed. Example: {@code symbolic("pnet/input", "N", "H", "W", null)}.
     */
    public ImportOptions symbolic(String input, String... dimNames) {
        Map<String, String[]> m = new LinkedHashMap<>(symbolicDims);
        m.put(input, dimNames.clone());
        return new ImportOptions(Map.copyOf(m), symbolicBatch);
    }

    /**
     * A copy of these options where the first (batch) dimension of every input is symbolic, whatever the inputs
     * are called; names given with {@link #symbolic} take precedence.
     */
    public ImportOptions withSymbolicBatch() {
        return new ImportOptions(symbolicDims, true);
    }

    /** The names given to input {@code input}'s dimensions (rank {@code rank}), or {@code null} if all stay fixed. */
    String[] dimNames(String input, int rank) {
        String[] names = symbolicDims.get(input);
        if (names != null) return names.clone();
        if (!symbolicBatch || rank == 0) return null;
        String[] batch = new String[rank];
        batch[0] = "batch";
        return batch;
    }

    String[] dimNames(String input) {
        String[] names = symbolicDims.get(input);
        return names == null ? null : names.clone();
    }

    Iterable<String> inputsWithSymbolicDims() {
        return symbolicDims.keySet();
    }

    /** A canonical text of these options, part of the conversion cache key. */
    String key() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(symbolicDims).forEach((k, v) -> sb.append(k).append('=').append(Arrays.toString(v)).append(';'));
        if (symbolicBatch) sb.append("*=batch;");
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImportOptions other && other.key().equals(key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return "ImportOptions[" + key() + "]";
    }
}
