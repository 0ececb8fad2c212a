package org.fr.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fr.ComponentOptions;
import org.fr.FaceRecognizer;
import org.fr.Gallery;
import org.fr.video.FaceStream;
import org.fr.video.FrameResult;
import org.fr.video.FrameSource;
import org.fr.video.H264Writer;
import org.fr.video.StageSummary;
import org.fr.video.StreamOptions;
import org.fr.video.TrackedFace;
import org.fr.video.VideoSourceException;
import org.fr.video.VideoSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fr video --db FILE|solr://... SOURCE}: recognition with tracking on a video file, a camera index, a URL or a folder of
 * frames. One JSON line per processed frame:
 * {@code {"frame":i,"ms":T,"faces":[{"track":id,"box":[x1,y1,x2,y2],"identity":N|null,"similarity":S}]}}, where
 * {@code ms} is the time spent on the frame (decode to draw, as {@code ms} in {@code fr detect}), {@code track} a face's id (stable while it stays in view),
 * {@code identity} the vote of the track's recognitions ({@code null}: unknown, or not recognized yet) and
 * {@code similarity} the mean cosine behind it ({@code null} before any recognition). Extra fields:
 * {@code "time_ms"} (the frame's time in the stream), {@code "detected"} (the detector ran on this frame) and per face {@code "recognized"} (embedded on this frame).
 *
 * <p>{@code --report} adds a last line {@code {"report":{...}}} with frames, fps and per-stage p50/p95/max in
 * milliseconds, and prints the same as a table on stderr. A source that fails part way (a truncated file, a camera
 * unplugged) ends with one line on stderr after every frame before it was written: exit 2 for a defective input
 * file, 1 for a source that went away.
 */
@Command(name = "video", description = "Recognize and track faces in a video file, camera, stream URL or folder of frames.")
final class VideoCommand implements Callable<Integer> {
    @Mixin
    ModelOptions models;

    @Option(names = "--db", required = true, paramLabel = GalleryDb.LABEL,
            description = "The gallery file written by 'fr enroll', or a SolrCloud collection.")
    String db;

    @Option(names = "--every", paramLabel = "N", defaultValue = "1", description = "Run the detector on every N-th processed frame; boxes are extrapolated in between (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--max-fps", paramLabel = "FPS", defaultValue = "0", description = "Process at most FPS frames per second of stream time, skipping the rest (default: 0 = all).")
    double maxFps;

    @Option(names = "--recheck", paramLabel = "K", defaultValue = "15", description = "Embed a known face again every K frames (0 = only when its detection score drops; default: ${DEFAULT-VALUE}).")
    int recheck;

    @Option(names = "--threshold", paramLabel = "COS", description = "Cosine similarity threshold (default: the gallery's).")
    Float threshold;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the processed frames with boxes and names as an H.264 video (.mp4, .mkv ...).")
    Path out;

    @Option(names = "--report", description = "Print frames per second and per-stage latency (p50/p95/max) at the end.")
    boolean report;

    @Option(names = "--folder-fps", paramLabel = "FPS", defaultValue = "25", description = "Frame rate of a folder of frames (default: ${DEFAULT-VALUE}).")
    double folderFps;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Intra-op threads of each model (default: ${DEFAULT-VALUE}; 0 = onnxruntime's default, one per core).")
    int threads;

    @Parameters(paramLabel = "SOURCE", description = "A video file, a camera index (0 = /dev/video0), a URL (rtsp://, http://...) or a folder of frames.")
    String source;

    @Override
    public Integer call() {
        StreamOptions options = StreamOptions.defaults().withDetectEvery(every).withMaxFps(maxFps).withRecheckEvery(recheck)
                .withThreshold(IdentifyCommand.threshold(threshold, null)).withAnnotate(out != null);
        GalleryDb.Searchable gallerySource = GalleryDb.parse(db).forSearch();
        FaceRecognizer.Builder builder = models.builder();
        ComponentOptions landmarkOptions = new ComponentOptions(new LinkedHashMap<>(models.detectorOptions));
        // One frame at a time through small networks: one thread per model wastes least. onnxruntime's default pool
        // (a thread per core) spin-waits between its short runs, which on 2 cores cost about 2.8x the CPU per frame.
        if (threads < 0) throw new IllegalArgumentException("--threads must not be negative: " + threads);
        builder.threads(threads);
        landmarkOptions = landmarkOptions.with(ComponentOptions.THREADS, Integer.toString(threads));
        if (models.gpu != null) landmarkOptions = landmarkOptions.with(ComponentOptions.GPU, Integer.toString(models.gpu));
        JsonLines lines = new JsonLines(System.out);
        try (FaceRecognizer fr = builder.build()) {
            try (Gallery gallery = gallerySource.open(fr.embedder());
                 FaceStream stream = new FaceStream(fr, gallery, options, landmarkOptions);
                 FrameSource src = VideoSources.open(source, folderFps);
                 AnnotatedOutput video = new AnnotatedOutput(out, outputFps(src))) {
                VideoSourceException failure = null;
                long start = System.nanoTime(), lastPrint = start, cpuStart = processCpuNanos();
                try {
                    for (var it = stream.results(src); it.hasNext(); ) {
                        FrameResult r = it.next();
                        lines.write(line(r));
                        video.write(r);
                        long now = System.nanoTime();
                        if (now - lastPrint > 2_000_000_000L) {
                            lastPrint = now;
                            System.err.printf(Locale.ROOT, "fr video: %d frames, %.1f fps%n", stream.processedFrames(), stream.throughputFps());
                        }
                    }
                } catch (VideoSourceException e) {
                    failure = e;
                }
                System.err.printf(Locale.ROOT, "fr video: %d frames, %.1f fps%s%n", stream.processedFrames(), stream.throughputFps(),
                        failure == null ? "" : " (stopped early)");
                if (report) report(stream, lines, (processCpuNanos() - cpuStart) / 1e9);
                if (failure != null) {
                    System.err.println("fr video: " + Main.oneLine(failure));
                    return failure.badInput() ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
                }
            }
        } catch (VideoSourceException e) {
            // The source could not be opened (nothing was written), or the --out video could not be finished.
            System.err.println("fr video: " + Main.oneLine(e));
            return e.badInput() ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private double outputFps(FrameSource src) {
        double fps = src.frameRate() > 0 ? src.frameRate() : 25;
        return maxFps > 0 ? Math.min(fps, maxFps) : fps;
    }

    static Map<String, Object> line(FrameResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frame", r.frame());
        m.put("ms", JsonLines.round4(r.processingMs()));
        List<Map<String, Object>> faces = new ArrayList<>();
        for (TrackedFace f : r.faces()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("track", f.track());
            fm.put("box", JsonLines.box(f.box()));
            fm.put("identity", f.identity());
            fm.put("similarity", f.similarity() == null ? null : JsonLines.round4(f.similarity()));
            fm.put("recognized", f.recognizedNow());
            faces.add(fm);
        }
        m.put("faces", faces);
        m.put("time_ms", Math.round(r.timestampMs() * 1000.0) / 1000.0);
        m.put("detected", r.detected());
        return m;
    }

    /** CPU time of this process so far (all threads), or 0 where the JVM does not tell. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static void report(FaceStream stream, JsonLines lines, double cpuSeconds) {
        Map<String, Object> stages = new LinkedHashMap<>();
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        System.err.printf(Locale.ROOT, "fr video: %d frames processed, %.1f fps sustained; %.1f CPU-s used (%.1f ms per frame), "
                + "load average %.2f on %d cores%n", stream.processedFrames(), stream.throughputFps(), cpuSeconds,
                1000 * cpuSeconds / Math.max(1, stream.processedFrames()), load, cores);
        System.err.printf(Locale.ROOT, "  %-10s %7s %9s %9s %9s%n", "stage", "count", "p50 ms", "p95 ms", "max ms");
        for (StageSummary s : stream.latency().summaries()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("count", s.count());
            sm.put("p50_ms", JsonLines.round4(s.p50Ms()));
            sm.put("p95_ms", JsonLines.round4(s.p95Ms()));
            sm.put("max_ms", JsonLines.round4(s.maxMs()));
            stages.put(s.stage().label(), sm);
            System.err.printf(Locale.ROOT, "  %-10s %7d %9.2f %9.2f %9.2f%n", s.stage().label(), s.count(), s.p50Ms(), s.p95Ms(), s.maxMs());
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("frames", stream.processedFrames());
        r.put("fps", JsonLines.round4(stream.throughputFps()));
        // The machine's state, to judge the figures by: CPU seconds this process used, the 1-minute load average.
        r.put("cpu_s", JsonLines.round4(cpuSeconds));
        r.put("load_average", JsonLines.round4(load));
        r.put("cores", cores);
        r.put("stages", stages);
        lines.write(Map.of("report", r));
    }

    /** The annotated frames as a video, opened at the first frame (its size), or nothing without {@code --out}. */
    private static final class AnnotatedOutput implements AutoCloseable {
        private final Path file;
        private final double fps;
        private H264Writer writer;

        AnnotatedOutput(Path file, double fps) {
            this.file = file;
            this.fps = fps;
        }

        void write(FrameResult r) {
            if (file == null || r.annotated() == null) return;
            if (writer == null) {
                int w = r.annotated().width() & ~1, h = r.annotated().height() & ~1;
                writer = new H264Writer(file, w, h, fps, Math.max(1_000_000, w * h * 4));
            }
            var img = r.annotated();
            if ((img.width() & 1) != 0 || (img.height() & 1) != 0) {
                img = org.fr.Resampler.crop(img, 0, 0, img.width() & ~1, img.height() & ~1);
            }
            writer.write(img);
        }

        @Override
        public void close() {
            if (writer != null) writer.close();
        }
    }
}
