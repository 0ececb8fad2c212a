package org.fr.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Per-thread direct buffers for model inputs and outputs. onnxruntime uses a direct, native-order buffer in place,
 * whereas a heap array costs a fresh direct copy (allocated, zeroed, and freed only by a later GC) on every run, and
 * an output read through {@code OnnxTensor.getFloatBuffer} is copied twice; for the 320x240 detector these copies
 * measured about a tenth of the network's own time. A buffer is reused by the next run on the same thread, so the
 * tensors made over it must be closed, and their values read, before that (as {@link OnnxModel#run} does); buffers
 * only grow. Thread-safe by confinement.
 */
final class ThreadBuffers {
    private static final int SLOTS = 8;
    private static final ThreadLocal<FloatBuffer[]> INPUTS = ThreadLocal.withInitial(() -> new FloatBuffer[SLOTS]);
    private static final ThreadLocal<FloatBuffer[]> OUTPUTS = ThreadLocal.withInitial(() -> new FloatBuffer[SLOTS]);

    private ThreadBuffers() {}

    /** This thread's buffer for input number {@code slot}, holding a copy of {@code data}, positioned at 0. */
    static FloatBuffer input(int slot, float[] data) {
        if (slot >= SLOTS) return FloatBuffer.wrap(data); // models with many inputs: onnxruntime copies
        FloatBuffer b = buffer(INPUTS.get(), slot, data.length);
        b.put(data);
        b.flip();
        return b;
    }

    /** This thread's buffer for input number {@code slot} (below {@link #SLOTS}), {@code size} values long. */
    static FloatBuffer input(int slot, int size) {
        FloatBuffer b = buffer(INPUTS.get(), slot, size);
        b.limit(size);
        return b.slice();
    }

    /** This thread's buffer for output number {@code slot}, with room for exactly {@code size} values. */
    static FloatBuffer output(int slot, int size) {
        if (slot >= SLOTS) return ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer b = buffer(OUTPUTS.get(), slot, size);
        b.limit(size);
        return b.slice();
    }

    private static FloatBuffer buffer(FloatBuffer[] mine, int slot, int size) {
        FloatBuffer b = mine[slot];
        if (b == null || b.capacity() < size) {
            b = ByteBuffer.allocateDirect(Math.max(size, 1024) * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            mine[slot] = b;
        }
        b.clear();
        return b;
    }
}
