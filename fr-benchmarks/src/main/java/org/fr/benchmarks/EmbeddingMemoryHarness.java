package org.fr.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fr.AlignedFace;
import org.fr.FaceRecognizer;
import org.fr.RgbImage;

/**
 * Resource hygiene: detects, aligns and embeds the same photo N times in a loop (default 10,000) and samples the
 * process's resident set size (VmRSS from {@code /proc/self/status}) every N/20 iterations. Native memory that
 * leaked per call (an unclosed onnxruntime tensor or result holds a few hundred kilobytes) would make the RSS climb
 * steadily; a flat series means every native object is released. Prints one JSON line per sample and a summary
 * with the growth after warm-up (the first 10%).
 *
 * <p>Usage: {@code EmbeddingMemoryHarness IMAGE [ITERATIONS]}.
 */
public final class EmbeddingMemoryHarness {
    /** The samples and the RSS growth, in MiB, from the end of warm-up to the end. */
    public record Result(List<long[]> samples, double warmRssMib, double finalRssMib, double growthMib) {}

    private EmbeddingMemoryHarness() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EmbeddingMemoryHarness IMAGE [ITERATIONS]");
            System.exit(2);
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Result r = run(Path.of(args[0]), n, true);
        System.out.printf("{\"iterations\":%d,\"rss_after_warmup_mib\":%.1f,\"rss_final_mib\":%.1f,\"growth_mib\":%.1f}%n",
                n, r.warmRssMib(), r.finalRssMib(), r.growthMib());
    }

    public static Result run(Path image, int iterations, boolean print) throws IOException {
        List<long[]> samples = new ArrayList<>();
        int every = Math.max(1, iterations / 20);
        long warm = -1;
        try (FaceRecognizer fr = FaceRecognizer.builder().threads(1).build()) {
            RgbImage img = fr.read(image);
            for (int i = 1; i <= iterations; i++) {
                var face = fr.detect(img).get(0);
                AlignedFace aligned = fr.align(img, face);
                fr.embedAligned(aligned);
                if (i % every == 0) {
                    long rss = rssKib();
                    samples.add(new long[] {i, rss});
                    if (warm < 0 && i >= iterations / 10) warm = rss;
                    if (print) System.out.printf("{\"iteration\":%d,\"rss_mib\":%.1f}%n", i, rss / 1024.0);
                }
            }
        }
        long last = samples.get(samples.size() - 1)[1];
        return new Result(samples, warm / 1024.0, last / 1024.0, (last - warm) / 1024.0);
    }

    /** The resident set size of this process in KiB (Linux). */
    public static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no VmRSS line in /proc/self/status");
    }
}
