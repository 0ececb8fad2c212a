package org.fr.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.fr.AlignedFace;
import org.fr.ComponentOptions;
import org.fr.Components;
import org.fr.FaceDetector;
import org.fr.FaceEmbedder;
import org.fr.RgbImage;
import org.fr.benchmarks.data.AlignedFaces;
import org.fr.benchmarks.data.TestFrames;
import org.fr.onnx.ModelCalls;

/**
 * The SDK's overhead over its networks, as a ratio measured in one run: for every detector (on a frame of a given
 * size with one face) and every embedder (one face, and a batch of 8), the public call and a bare replay of the
 * model runs it made ({@link ModelCalls}) alternate, call by call, and each is timed by the calling thread's CPU
 * time. Components run with one intra-op thread, so onnxruntime works on the calling thread and its CPU time is
 * the work done; unlike wall-clock time it is not inflated by other processes on a shared machine (alternating
 * also spreads any remaining disturbance evenly over both). Prints one JSON object per line:
 * {@code {"component":..,"case":..,"pipeline_ms":..,"raw_ms":..,"ratio":..}} with medians. The OpenCV Haar peer
 * (single-threaded) is timed the same way on the same frame, without a raw figure, so that detector latencies can be
 * compared with the peers' in CPU time too (the dlib peer program measures its own thread CPU time).
 *
 * <p>Usage: {@code OverheadRatio [--iterations N] [--warm-up-seconds S] [--frame WxH] [--detectors a,b] [--embedders a,b]}.
 */
public final class OverheadRatio {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /**
     * Default warm-up per component, in seconds: at least this long (and at least as many rounds as are measured).
     * With 300 rounds only (about 2 s for ultraface) the first component measured in a fresh JVM read several percent
     * high on a quiet 2-core machine (ultraface 1.22-1.25 when first, 1.16 after other components); with 10 s still
     * 1.20-1.22; with 25 s 1.17-1.18, as when measured later. The JIT shares the two cores with the benchmark and
     * needs that long to settle (JMH's own default warm-up is 50 s).
     */
    static final int DEFAULT_WARM_UP_SECONDS = 25;

    private OverheadRatio() {}

    /** One measured ratio. */
    public record Result(String component, String kind, String scenario, double pipelineMs, double rawMs, int modelRuns) {
        public double ratio() { return pipelineMs / rawMs; }

        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("component", component);
            m.put("kind", kind);
            m.put("case", scenario);
            m.put("pipeline_ms", round(pipelineMs));
            m.put("raw_ms", round(rawMs));
            m.put("ratio", round(ratio()));
            m.put("model_runs", modelRuns);
            m.put("clock", "thread cpu time");
            return m;
        }
    }

    public static void main(String[] args) throws Exception {
        int iterations = 300, warmUpSeconds = DEFAULT_WARM_UP_SECONDS;
        String frame = "640x480";
        List<String> detectors = Components.detectorNames(), embedders = Components.embedderNames();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warm-up-seconds" -> warmUpSeconds = Integer.parseInt(args[++i]);
                case "--frame" -> frame = args[++i];
                case "--detectors" -> detectors = args[++i].isEmpty() ? List.of() : List.of(args[i].split(","));
                case "--embedders" -> embedders = args[++i].isEmpty() ? List.of() : List.of(args[i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: OverheadRatio [--iterations N] [--warm-up-seconds S] [--frame WxH] [--detectors a,b] [--embedders a,b]");
            }
        }
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Result r : measure(detectors, embedders, frame, iterations, warmUpSeconds)) System.out.println(mapper.writeValueAsString(r.json()));
    }

    public static List<Result> measure(List<String> detectors, List<String> embedders, String frame, int iterations,
                                       int warmUpSeconds) {
        long warmUp = warmUpSeconds * 1_000_000_000L;
        if (!THREADS.isCurrentThreadCpuTimeSupported()) throw new IllegalStateException("this JVM cannot measure thread CPU time");
        ComponentOptions single = ComponentOptions.empty().with(ComponentOptions.THREADS, "1");
        List<Result> out = new ArrayList<>();
        RgbImage image = TestFrames.compose(frame, 1);
        for (String name : detectors) {
            try (FaceDetector d = Components.detector(name, single)) {
                out.add(compare(name, "detector", frame + ", 1 face", () -> d.detect(image), iterations, warmUp));
            }
        }
        if (org.fr.benchmarks.peers.HaarCascadePeer.available()) {
            try (var haar = new org.fr.benchmarks.peers.HaarCascadePeer()) {
                org.opencv.core.Core.setNumThreads(1);
                out.add(timeOnly("opencv-haar", "peer", frame + ", 1 face", () -> haar.detect(image), Math.max(5, iterations / 10), warmUp));
            }
        }
        for (String name : embedders) {
            try (FaceEmbedder e = Components.embedder(name, single)) {
                for (int batch : new int[] {1, 8}) {
                    List<AlignedFace> faces = AlignedFaces.lfw(batch);
                    out.add(compare(name, "embedder", "batch " + batch, () -> e.embedAll(faces), iterations, warmUp));
                }
            }
        }
        return out;
    }

    /** The thread CPU time of a call without a raw counterpart (a peer), median of {@code iterations} after warm-up. */
    public static Result timeOnly(String component, String kind, String scenario, Supplier<?> call, int iterations,
                                  long warmUpNanos) {
        long[] p = new long[iterations];
        long warmEnd = System.nanoTime() + warmUpNanos;
        for (int i = 0; i < Math.max(2, iterations / 5) || System.nanoTime() < warmEnd; i++) call.get();
        for (int i = 0; i < iterations; i++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            call.get();
            p[i] = THREADS.getCurrentThreadCpuTime() - t0;
        }
        return new Result(component, kind, scenario, median(p) / 1e6, Double.NaN, 0);
    }

    /**
     * Alternates the call and its raw replay, {@code iterations} times each, after as many warm-up rounds and at
     * least {@code warmUpNanos} of them.
     */
    public static Result compare(String component, String kind, String scenario, Supplier<?> call, int iterations,
                                 long warmUpNanos) {
        try (ModelCalls raw = ModelCalls.record(call::get)) {
            if (raw.count() == 0) return new Result(component, kind, scenario, Double.NaN, Double.NaN, 0);
            long[] p = new long[iterations], r = new long[iterations];
            long warmEnd = System.nanoTime() + warmUpNanos;
            for (int i = 0; i < iterations || System.nanoTime() < warmEnd; i++) {
                call.get();
                raw.replay();
            }
            long sink = 0;
            for (int i = 0; i < iterations; i++) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                sink += call.get().hashCode();
                long t1 = THREADS.getCurrentThreadCpuTime();
                sink += raw.replay();
                long t2 = THREADS.getCurrentThreadCpuTime();
                p[i] = t1 - t0;
                r[i] = t2 - t1;
            }
            if (sink == 42) System.err.print(""); // keeps the results alive
            return new Result(component, kind, scenario, median(p) / 1e6, median(r) / 1e6, raw.count());
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Double.parseDouble(String.format(Locale.ROOT, "%.4f", v));
    }
}
