package org.fr.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fr.ComponentOptions;
import org.fr.FaceRecognizer;
import picocli.CommandLine.Option;

/** The options every command that runs models shares: which detector and embedder, their options, the GPU. */
final class ModelOptions {
    @Option(names = "--detector", defaultValue = "ultraface", description = "Detector name (default: ${DEFAULT-VALUE}); see 'fr list'.")
    String detector;

    @Option(names = "--embedder", defaultValue = "arcface", description = "Embedder name (default: ${DEFAULT-VALUE}); see 'fr list'.")
    String embedder;

    @Option(names = "--detector-option", paramLabel = "KEY=VALUE", description = "Detector option, e.g. threshold=0.8 or model=own.onnx.")
    Map<String, String> detectorOptions = new LinkedHashMap<>();

    @Option(names = "--embedder-option", paramLabel = "KEY=VALUE", description = "Embedder option, e.g. flip=false or model=own.onnx.")
    Map<String, String> embedderOptions = new LinkedHashMap<>();

    @Option(names = "--gpu", paramLabel = "N", description = "Run on CUDA device N (needs the onnxruntime_gpu artifact); fails rather than fall back to the CPU.")
    Integer gpu;

    /** The detector's options as given, with the GPU when one was asked for (for commands that need only a detector). */
    ComponentOptions detectorComponentOptions() {
        ComponentOptions o = new ComponentOptions(detectorOptions);
        return gpu == null ? o : o.with(ComponentOptions.GPU, Integer.toString(gpu));
    }

    FaceRecognizer.Builder builder() {
        FaceRecognizer.Builder b = FaceRecognizer.builder().detector(detector).embedder(embedder);
        detectorOptions.forEach(b::detectorOption);
        embedderOptions.forEach(b::embedderOption);
        if (gpu != null) b.gpu(gpu);
        return b;
    }
}
