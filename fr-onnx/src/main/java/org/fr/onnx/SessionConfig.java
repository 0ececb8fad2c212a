package org.fr.onnx;

import java.util.OptionalInt;

import org.fr.ComponentOptions;

/**
 * How to run a model: intra-op threads (0 = onnxruntime's default, one per physical core) and the CUDA device,
 * if any. Immutable and thread-safe.
 */
public record SessionConfig(int intraOpThreads, OptionalInt cudaDevice) {
    public SessionConfig {
        if (intraOpThreads < 0) throw new IllegalArgumentException("threads must be >= 0: " + intraOpThreads);
        cudaDevice.ifPresent(d -> {
            if (d < 0) throw new IllegalArgumentException("gpu device must be >= 0: " + d);
        });
    }

    public static SessionConfig cpu() { return new SessionConfig(0, OptionalInt.empty()); }

    public static SessionConfig cpu(int threads) { return new SessionConfig(threads, OptionalInt.empty()); }

    /** Reads the {@code threads} and {@code gpu} options. */
    public static SessionConfig from(ComponentOptions options) {
        int threads = options.getInt(ComponentOptions.THREADS, 0);
        OptionalInt gpu = options.get(ComponentOptions.GPU).isPresent()
                ? OptionalInt.of(options.getInt(ComponentOptions.GPU, 0)) : OptionalInt.empty();
        return new SessionConfig(threads, gpu);
    }
}
