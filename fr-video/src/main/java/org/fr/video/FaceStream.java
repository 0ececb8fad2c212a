package org.fr.video;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.fr.AlignedFace;
import org.fr.ComponentOptions;
import org.fr.DetectedFace;
import org.fr.Embedding;
import org.fr.FaceAligner;
import org.fr.FaceRecognizer;
import org.fr.Gallery;
import org.fr.Identification;
import org.fr.Match;
import org.fr.RgbImage;
import org.fr.video.tracking.IouTracker;
import org.fr.video.tracking.Track;

/**
 * Recognition on a video stream with tracking: the detector finds faces (on every {@code detectEvery}-th frame), an
 * {@link IouTracker} gives them stable track ids, and the expensive steps (landmarks, alignment, embedding, gallery
 * search) run only for a new track, every {@code recheckEvery} frames of a known one, and when its detection score
 * drops. New tracks go first: a frame with a new track rechecks no known one, and other frames recheck at most one
 * (the most overdue), so new faces never wait behind rechecks and rechecks spread over frames. A track's identity is the vote of its recognitions ({@link org.fr.video.tracking.IdentityVote}).
 *
 * <pre>{@code
 * try (FaceRecognizer fr = FaceRecognizer.builder().threads(1).build();
 *      FlatGallery gallery = FlatGallery.of(GalleryFiles.load(Path.of("face_db.json")));
 *      FaceStream stream = new FaceStream(fr, gallery, StreamOptions.defaults());
 *      FrameSource video = VideoSources.open("clip.mp4")) {
 *     stream.run(video, r -> System.out.println(r.frame() + " " + r.faces()));
 *     System.out.println(stream.latency().summaries());
 * }
 * }</pre>
 *
 * <p>Per-stage timings of every frame go into {@link #latency()}. Not thread-safe: one stream per thread (the
 * recognizer and gallery it uses may be shared). Closing it closes the landmark model it loaded, not the recognizer
 * or the gallery.
 */
public final class FaceStream implements AutoCloseable {
    private final FaceRecognizer recognizer;
    private final Gallery gallery;
    private final StreamOptions options;
    private final StagedDetector detector;
    private final IouTracker tracker;
    private final LatencyStats latency = new LatencyStats();
    private final float threshold;
    private long processed;
    private double nextDueMs = Double.NEGATIVE_INFINITY;
    private long startNanos = -1, endNanos;

    /** A stream with default component options for the landmark model (see {@link StagedDetector#of}). */
    public FaceStream(FaceRecognizer recognizer, Gallery gallery, StreamOptions options) {
        this(recognizer, gallery, options, ComponentOptions.empty());
    }

    /**
     * @param landmarkOptions options for the landmark model a split detector loads ({@code threads}, {@code gpu},
     *                        {@code landmark-model})
     * @throws IllegalArgumentException if the gallery holds embeddings of another model than the recognizer's
     */
    public FaceStream(FaceRecognizer recognizer, Gallery gallery, StreamOptions options, ComponentOptions landmarkOptions) {
        this.recognizer = Objects.requireNonNull(recognizer, "recognizer");
        this.gallery = Objects.requireNonNull(gallery, "gallery");
        this.options = Objects.requireNonNull(options, "options");
        if (!gallery.modelId().equals(recognizer.embedder().modelId()) || gallery.dimension() != recognizer.embedder().dimension()) {
            throw new IllegalArgumentException("the gallery holds " + gallery.modelId() + "/" + gallery.dimension()
                    + " embeddings but the embedder makes " + recognizer.embedder().modelId() + "/" + recognizer.embedder().dimension());
        }
        this.threshold = options.threshold() != null ? options.threshold() : gallery.threshold();
        this.detector = StagedDetector.of(recognizer.detector(), landmarkOptions);
        this.tracker = new IouTracker(options.minIou(), options.maxMisses(), options.voteWindow());
    }

    public StreamOptions options() { return options; }

    /** The per-stage timings so far. */
    public LatencyStats latency() { return latency; }

    /** Frames processed so far (frames skipped by {@code maxFps} not counted). */
    public long processedFrames() { return processed; }

    /**
     * Processed frames per second of wall time, from the start of the first frame to the end of the latest (decode
     * included); 0 before the second frame.
     */
    public double throughputFps() {
        if (processed < 2 || endNanos <= startNanos) return 0;
        return processed / ((endNanos - startNanos) / 1e9);
    }

    /**
     * Reads {@code source} to its end, handing each processed frame's result to {@code sink} as soon as it is made.
     *
     * @throws VideoSourceException when the source fails; every result made before was handed over
     */
    public void run(FrameSource source, Consumer<FrameResult> sink) {
        for (Iterator<FrameResult> it = results(source); it.hasNext(); ) sink.accept(it.next());
    }

    /**
     * The results of {@code source}'s frames, lazily: each {@code hasNext()} reads frames until one is due (see
     * {@link StreamOptions#maxFps()}) and processes it. The source is not closed by the iterator.
     */
    public Iterator<FrameResult> results(FrameSource source) {
        return new Iterator<>() {
            private FrameResult next;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (next == null && !done) {
                    long t0 = System.nanoTime();
                    VideoFrame f = source.next();
                    long decode = System.nanoTime() - t0;
                    if (f == null) {
                        done = true;
                    } else if (due(f)) {
                        next = process(f, t0, decode);
                    }
                }
                return next != null;
            }

            @Override
            public FrameResult next() {
                if (!hasNext()) throw new NoSuchElementException();
                FrameResult r = next;
                next = null;
                return r;
            }
        };
    }

    private boolean due(VideoFrame f) {
        if (options.maxFps() <= 0) return true;
        if (f.timestampMs() + 1e-6 < nextDueMs) return false;
        double interval = 1000.0 / options.maxFps();
        // Stay on the fps grid even when a frame arrives late, but never schedule into the past.
        nextDueMs = nextDueMs == Double.NEGATIVE_INFINITY ? f.timestampMs() + interval
                : Math.max(nextDueMs + interval, f.timestampMs() + interval * 0.5);
        return true;
    }

    /** Processes one frame that was decoded elsewhere (decode time not recorded). */
    public FrameResult process(VideoFrame frame) {
        return process(frame, System.nanoTime(), -1);
    }

    private FrameResult process(VideoFrame frame, long frameStart, long decodeNanos) {
        if (startNanos < 0) startNanos = frameStart;
        if (decodeNanos >= 0) latency.record(Stage.DECODE, decodeNanos);
        RgbImage image = frame.image();
        long index = frame.index();
        boolean detect = processed % options.detectEvery() == 0;
        processed++;
        List<TrackedFace> faces = new ArrayList<>();
        if (detect) {
            long t = System.nanoTime();
            List<DetectedFace> found = detector.boxes(image);
            latency.record(Stage.DETECT, System.nanoTime() - t);
            List<IouTracker.Assignment> assignments = tracker.update(index, found);
            List<IouTracker.Assignment> toRecognize = chooseRecognitions(assignments, index);
            boolean[] fresh = new boolean[toRecognize.size()];
            for (int i = 0; i < fresh.length; i++) fresh[i] = toRecognize.get(i).track().lastRecognizedFrame() < 0;
            boolean[] now = recognize(image, index, toRecognize);
            Set<Track> recognized = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < toRecognize.size(); i++) {
                if (!now[i]) continue;
                Track track = toRecognize.get(i).track();
                recognized.add(track);
                if (fresh[i]) latency.record(Stage.NEW_FACE, System.nanoTime() - frameStart);
            }
            for (IouTracker.Assignment a : assignments) faces.add(face(a.track(), a.face().box(), recognized.contains(a.track())));
        } else {
            for (Track t : tracker.visible()) faces.add(face(t, t.predict(index).clip(image.width(), image.height()), false));
        }
        RgbImage annotated = null;
        if (options.annotate()) {
            long t = System.nanoTime();
            annotated = FaceAnnotator.draw(image, faces);
            latency.record(Stage.DRAW, System.nanoTime() - t);
        }
        endNanos = System.nanoTime();
        latency.record(Stage.FRAME, endNanos - frameStart);
        return new FrameResult(index, frame.timestampMs(), faces, detect, (endNanos - frameStart) / 1e6, annotated);
    }

    /**
     * Every new track; and, on a frame without new tracks, the one known track most overdue for a recheck. New faces
     * thus never wait behind rechecks, and rechecks are spread over frames instead of piling up on one.
     */
    private List<IouTracker.Assignment> chooseRecognitions(List<IouTracker.Assignment> assignments, long frame) {
        List<IouTracker.Assignment> out = new ArrayList<>();
        IouTracker.Assignment overdue = null;
        for (IouTracker.Assignment a : assignments) {
            Track t = a.track();
            if (t.lastRecognizedFrame() < 0) {
                out.add(a);
            } else if (needsRecheck(t, frame)
                    && (overdue == null || t.lastRecognizedFrame() < overdue.track().lastRecognizedFrame())) {
                overdue = a;
            }
        }
        if (out.isEmpty() && overdue != null) out.add(overdue);
        return out;
    }

    private boolean needsRecheck(Track t, long frame) {
        if (options.recheckEvery() > 0 && frame - t.lastRecognizedFrame() >= options.recheckEvery()) return true;
        return t.score() < t.scoreAtRecognition() - options.scoreDrop();
    }

    /** Landmarks, alignment, one embedding batch and a search per face; which of them got a vote. */
    private boolean[] recognize(RgbImage image, long frame, List<IouTracker.Assignment> todo) {
        boolean[] done = new boolean[todo.size()];
        if (todo.isEmpty()) return done;
        List<DetectedFace> withLandmarks = new ArrayList<>(todo.size());
        long t = System.nanoTime();
        for (IouTracker.Assignment a : todo) withLandmarks.add(detector.withLandmarks(image, a.face()));
        if (detector.separateLandmarks()) latency.record(Stage.LANDMARKS, System.nanoTime() - t);
        t = System.nanoTime();
        List<AlignedFace> aligned = new ArrayList<>();
        List<Integer> which = new ArrayList<>();
        for (int i = 0; i < todo.size(); i++) {
            DetectedFace f = withLandmarks.get(i);
            if (f.landmarks() == null) continue; // a detector without landmarks: tracked, never named
            aligned.add(FaceAligner.align(image, f.landmarks()));
            which.add(i);
        }
        latency.record(Stage.ALIGN, System.nanoTime() - t);
        if (aligned.isEmpty()) return done;
        t = System.nanoTime();
        List<Embedding> embeddings = recognizer.embedder().embedAll(aligned);
        latency.record(Stage.EMBED, System.nanoTime() - t);
        t = System.nanoTime();
        for (int j = 0; j < embeddings.size(); j++) {
            int i = which.get(j);
            Identification id = gallery.identify(embeddings.get(j), 1, threshold);
            Match top = id.candidates().isEmpty() ? null : id.candidates().get(0);
            Track track = todo.get(i).track();
            track.vote().add(id.identity().orElse(null), top == null ? null : top.similarity());
            track.recognized(frame);
            done[i] = true;
        }
        latency.record(Stage.SEARCH, System.nanoTime() - t);
        return done;
    }

    private static TrackedFace face(Track t, org.fr.BoundingBox box, boolean recognizedNow) {
        return new TrackedFace(t.id(), box, t.score(), t.vote().identity(), t.vote().similarity(), recognizedNow);
    }

    @Override
    public void close() { detector.close(); }
}
