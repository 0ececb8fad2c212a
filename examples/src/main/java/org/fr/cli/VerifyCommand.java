package org.fr.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fr.FaceRecognizer;
import org.fr.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fr verify A B}: {@code {"similarity":S,"same":true|false,"threshold":T}} for the largest face of each. */
@Command(name = "verify", description = "Tell whether the largest faces of two images show the same person.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--threshold", paramLabel = "COS", description = "Cosine threshold (default: the embedder's LFW-calibrated one).")
    Float threshold;

    @Parameters(index = "0", paramLabel = "IMAGE_A")
    Path a;

    @Parameters(index = "1", paramLabel = "IMAGE_B")
    Path b;

    @Override
    public Integer call() {
        FaceRecognizer.Builder builder = models.builder();
        if (threshold != null) builder.threshold(threshold);
        try (FaceRecognizer fr = builder.build()) {
            new JsonLines(System.out).write(line(fr.verify(a, b), a, b));
        }
        return ExitCodes.OK;
    }

    /** The output line (shared with {@code fr client verify}). */
    static Map<String, Object> line(Verification v, Path a, Path b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("similarity", JsonLines.round4(v.similarity()));
        m.put("same", v.same());
        m.put("threshold", JsonLines.round4(v.threshold()));
        m.put("image_a", a.toString());
        m.put("image_b", b.toString());
        return m;
    }
}
