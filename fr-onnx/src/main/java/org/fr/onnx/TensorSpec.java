package org.fr.onnx;

import java.util.Arrays;

/**
 * The expected name and shape of a model input or output; {@code -1} in the shape matches any size
 * (a dynamic or symbolic dimension). Immutable and thread-safe.
 */
public record TensorSpec(String name, long[] shape) {
    public TensorSpec {
        shape = shape.clone();
    }

    public static TensorSpec of(String name, long... shape) {
        return new TensorSpec(name, shape);
    }

    @Override
    public long[] shape() { return shape.clone(); }

    /** Whether a declared model shape (where -1 or 0 marks a dynamic dimension) fits this spec. */
    boolean accepts(long[] declared) {
        if (declared.length != shape.length) return false;
        for (int i = 0; i < shape.length; i++) {
            boolean dynamic = declared[i] <= 0;
            if (shape[i] >= 0 && !dynamic && declared[i] != shape[i]) return false;
        }
        return true;
    }

    @Override
    public String toString() { return name + Arrays.toString(shape); }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(shape); }
}
