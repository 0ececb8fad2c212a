package org.fr.onnx;

import java.util.Arrays;

/**
 * A named float32 tensor in row-major order. The data array is not copied: a tensor handed to
 * {@link OnnxModel#run} is read, never written, and a tensor it returns belongs to the caller.
 * Not thread-safe if its array is modified.
 */
public record Tensor(String name, long[] shape, float[] data) {
    public Tensor {
        long n = 1;
        for (long d : shape) {
            if (d <= 0) throw new IllegalArgumentException("tensor " + name + " has a non-positive dimension: " + Arrays.toString(shape));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }

    /** The number of values a tensor of this shape holds. */
    static int elements(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        if (n < 0 || n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
        return (int) n;
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) { return (int) shape[i]; }

    @Override
    public String toString() { return "Tensor[" + name + Arrays.toString(shape) + "]"; }
}
