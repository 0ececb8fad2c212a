package org.fr.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Per-thread direct buffers for model inputs. onnxruntime wraps a direct, native-order buffer without copying it,
 * whereas a heap array costs a fresh direct buffer (allocated, zeroed, and freed only by a later GC) on every run,
 * which measured as long as the network itself for the 320x240 detector. A buffer is reused by the next run on the
 * same thread, so the tensor made over it must be closed before that (as {@link OnnxModel#run} does); buffers only
 * grow. Thread-safe by confinement.
 */
final class InputBuffers {
    private static final int SLOTS = 8;
    private static final ThreadLocal<FloatBuffer[]> BUFFERS = ThreadLocal.withInitial(() -> new FloatBuffer[SLOTS]);

    private InputBuffers() {}

    /** This thread's buffer for input number {@code slot}, holding a copy of {@code data}, positioned at 0. */
    static FloatBuffer fill(int slot, float[] data) {
        if (slot >= SLOTS) return FloatBuffer.wrap(data); // models with many inputs: onnxruntime copies
        FloatBuffer[] mine = BUFFERS.get();
        FloatBuffer b = mine[slot];
        if (b == null || b.capacity() < data.length) {
            b = ByteBuffer.allocateDirect(Math.max(data.length, 1024) * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            mine[slot] = b;
        }
        b.clear();
        b.put(data);
        b.flip();
        return b;
    }
}
