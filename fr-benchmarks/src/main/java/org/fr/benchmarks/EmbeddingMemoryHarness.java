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
 * steadily; a flat series means every native object is released. The Java heap makes the series a sawtooth (it grows
 * until a collection hands memory back), so the summary compares peaks: the highest sample of the first half after
 * warm-up (the first 10%) with the highest of the second half. A leak raises the second peak; a sawtooth does not.
 * Prints one JSON line per sample and the summary.
 *
 * <p>Usage: {@code EmbeddingMemoryHarness IMAGE [ITERATIONS]}.
 */
public final class EmbeddingMemoryHarness {
    /** The samples ({iteration, RSS KiB}) and the peak RSS of each half after warm-up, in MiB. */
    public record Result(List<long[]> samples, double firstHalfPeakMib, double secondHalfPeakMib) {
        /** How much higher the second half's peak is than the first's. */
        public double peakGrowthMib() { return secondHalfPeakMib - firstHalfPeakMib; }
    }

    private EmbeddingMemoryHarness() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: EmbeddingMemoryHarness IMAGE [ITERATIONS]");
            System.exit(2);
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Result r = run(Path.of(args[0]), n, true);
        System.out.printf("{\"iterations\":%d,\"first_half_peak_rss_mib\":%.1f,\"second_half_peak_rss_mib\":%.1f,\"peak_growth_mib\":%.1f}%n",
                n, r.firstHalfPeakMib(), r.secondHalfPeakMib(), r.peakGrowthMib());
    }

    public static Result run(Path image, int iterations, boolean print) throws IOException {
        List<long[]> samples = new ArrayList<>();
        int every = Math.max(1, iterations / 20);
        try (FaceRecognizer fr = FaceRecognizer.builder().threads(1).build()) {
            RgbImage img = fr.read(image);
            for (int i = 1; i <= iterations; i++) {
                var face = fr.detect(img).get(0);
                AlignedFace aligned = fr.align(img, face);
                fr.embedAligned(aligned);
                if (i % every == 0) {
                    long rss = rssKib();
                    samples.add(new long[] {i, rss});
                    if (print) System.out.printf("{\"iteration\":%d,\"rss_mib\":%.1f}%n", i, rss / 1024.0);
                }
            }
        }
        int warm = iterations / 10, mid = warm + (iterations - warm) / 2;
        long first = 0, second = 0;
        for (long[] s : samples) {
            if (s[0] <= warm) continue;
            if (s[0] <= mid) first = Math.max(first, s[1]);
            else second = Math.max(second, s[1]);
        }
        return new Result(samples, first / 1024.0, second / 1024.0);
    }

    /** The resident set size of this process in KiB (Linux). */
    public static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no VmRSS line in /proc/self/status");
    }
}
