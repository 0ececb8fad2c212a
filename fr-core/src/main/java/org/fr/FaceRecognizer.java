package org.fr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The facade: detect, align, embed, compare. Built with {@link #builder()}, which finds the detector and
 * embedder by name through {@link Components} or takes instances.
 *
 * <pre>{@code
 * try (FaceRecognizer fr = FaceRecognizer.builder().detector("ultraface").embedder("arcface").build()) {
 *     Verification v = fr.verify(Path.of("a.jpg"), Path.of("b.jpg"));
 *     System.out.println(v.same() + " " + v.similarity());
 * }
 * }</pre>
 *
 * <p>Thread-safe: one instance may serve many threads at once. Closing it closes the detector and embedder it
 * made (not those handed in as instances).
 */
public final class FaceRecognizer implements AutoCloseable {
    private final FaceDetector detector;
    private final FaceEmbedder embedder;
    private final float threshold;
    private final ImageLimits limits;
    private final List<AutoCloseable> owned;

    private FaceRecognizer(Builder b, FaceDetector detector, FaceEmbedder embedder, List<AutoCloseable> owned) {
        this.detector = detector;
        this.embedder = embedder;
        this.threshold = b.threshold != null ? b.threshold : embedder.defaultThreshold();
        this.limits = b.limits;
        this.owned = owned;
    }

    public static Builder builder() { return new Builder(); }

    public FaceDetector detector() { return detector; }

    public FaceEmbedder embedder() { return embedder; }

    /** The cosine similarity at or above which {@link #verify} says "same". */
    public float threshold() { return threshold; }

    /** Reads an image file with this recognizer's limits. */
    public RgbImage read(Path file) { return ImageDecoder.read(file, limits); }

    public List<DetectedFace> detect(RgbImage image) { return detector.detect(image); }

    /** Every face in the image with its embedding, embedded in one batch; faces without landmarks are skipped. */
    public List<RecognizedFace> recognizeAll(RgbImage image) {
        List<DetectedFace> faces = new ArrayList<>();
        for (DetectedFace f : detector.detect(image)) if (f.landmarks() != null) faces.add(f);
        return embedFaces(image, faces);
    }

    /** Embeds the given faces of one image (each must have landmarks), in one batch. */
    public List<RecognizedFace> embedFaces(RgbImage image, List<DetectedFace> faces) {
        List<AlignedFace> aligned = new ArrayList<>(faces.size());
        for (DetectedFace f : faces) aligned.add(align(image, f));
        List<Embedding> es = aligned.isEmpty() ? List.of() : embedder.embedAll(aligned);
        List<RecognizedFace> out = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) out.add(new RecognizedFace(faces.get(i), es.get(i)));
        return out;
    }

    /** The largest face (by box area) with its embedding, or empty when there is no face. */
    public Optional<RecognizedFace> recognizeLargest(RgbImage image) {
        return largest(detector.detect(image)).map(f -> embedFaces(image, List.of(f)).get(0));
    }

    /** The face with the largest box that has landmarks. */
    public static Optional<DetectedFace> largest(List<DetectedFace> faces) {
        return faces.stream().filter(f -> f.landmarks() != null)
                .max(Comparator.comparingDouble(f -> f.box().area()));
    }

    /**
     * The face with landmarks whose box centre is nearest the centre of an image of the given size: the face a
     * photo is "of" in centred collections such as LFW.
     */
    public static Optional<DetectedFace> nearestCentre(List<DetectedFace> faces, int imageWidth, int imageHeight) {
        Point centre = new Point(imageWidth / 2f, imageHeight / 2f);
        return faces.stream().filter(f -> f.landmarks() != null)
                .min(Comparator.comparingDouble(f -> f.box().center().distanceTo(centre)));
    }

    public AlignedFace align(RgbImage image, DetectedFace face) {
        if (face.landmarks() == null) {
            throw new FrException("detector " + detector.name() + " gave a face without landmarks; it cannot be aligned");
        }
        return FaceAligner.align(image, face.landmarks());
    }

    /** Embeds a face that is already aligned to the ArcFace template (recognition only). */
    public Embedding embedAligned(AlignedFace face) { return embedder.embed(face); }

    public float compare(Embedding a, Embedding b) { return a.cosine(b); }

    public Verification verify(Embedding a, Embedding b) { return Verification.of(a.cosine(b), threshold); }

    /**
     * Compares the largest face of each image.
     *
     * @throws NoFaceException naming the image in which no face was found
     */
    public Verification verify(RgbImage a, String nameA, RgbImage b, String nameB) {
        Embedding ea = recognizeLargest(a).orElseThrow(() -> new NoFaceException(nameA)).embedding();
        Embedding eb = recognizeLargest(b).orElseThrow(() -> new NoFaceException(nameB)).embedding();
        return verify(ea, eb);
    }

    public Verification verify(Path a, Path b) {
        return verify(read(a), a.toString(), read(b), b.toString());
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) first = new FrException("closing " + c + " failed", e);
            }
        }
        if (first != null) throw first;
    }

    /** Builds a {@link FaceRecognizer}. Not thread-safe; use one builder per thread. */
    public static final class Builder {
        private String detectorName = "ultraface";
        private String embedderName = "arcface";
        private final Map<String, String> detectorOptions = new LinkedHashMap<>();
        private final Map<String, String> embedderOptions = new LinkedHashMap<>();
        private FaceDetector detectorInstance;
        private FaceEmbedder embedderInstance;
        private Float threshold;
        private ImageLimits limits = ImageLimits.DEFAULT;

        private Builder() {}

        /** The detector's registered name; default {@code ultraface}. */
        public Builder detector(String name) { this.detectorName = Objects.requireNonNull(name); return this; }

        /** A detector instance, not closed by the recognizer. */
        public Builder detector(FaceDetector instance) { this.detectorInstance = Objects.requireNonNull(instance); return this; }

        /** The embedder's registered name; default {@code arcface}. */
        public Builder embedder(String name) { this.embedderName = Objects.requireNonNull(name); return this; }

        /** An embedder instance, not closed by the recognizer. */
        public Builder embedder(FaceEmbedder instance) { this.embedderInstance = Objects.requireNonNull(instance); return this; }

        public Builder detectorOption(String key, String value) { detectorOptions.put(key, value); return this; }

        public Builder embedderOption(String key, String value) { embedderOptions.put(key, value); return this; }

        /** Runs both networks on CUDA device {@code device}; fails at build time if CUDA cannot be used. */
        public Builder gpu(int device) {
            detectorOptions.put(ComponentOptions.GPU, Integer.toString(device));
            embedderOptions.put(ComponentOptions.GPU, Integer.toString(device));
            return this;
        }

        /** Intra-op threads of each model session (0 = onnxruntime's default). */
        public Builder threads(int threads) {
            detectorOptions.put(ComponentOptions.THREADS, Integer.toString(threads));
            embedderOptions.put(ComponentOptions.THREADS, Integer.toString(threads));
            return this;
        }

        /** The verification threshold (cosine); default the embedder's calibrated one. */
        public Builder threshold(float cosine) {
            if (!(cosine >= -1 && cosine <= 1)) throw new IllegalArgumentException("threshold must lie in [-1, 1]: " + cosine);
            this.threshold = cosine;
            return this;
        }

        public Builder imageLimits(ImageLimits limits) { this.limits = Objects.requireNonNull(limits); return this; }

        public FaceRecognizer build() {
            List<AutoCloseable> owned = new ArrayList<>();
            FaceDetector d = detectorInstance;
            FaceEmbedder e = embedderInstance;
            try {
                if (d == null) {
                    d = Components.detector(detectorName, new ComponentOptions(detectorOptions));
                    owned.add(d);
                }
                if (e == null) {
                    e = Components.embedder(embedderName, new ComponentOptions(embedderOptions));
                    owned.add(e);
                }
            } catch (RuntimeException ex) {
                for (AutoCloseable c : owned) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // already failing
                    }
                }
                throw ex;
            }
            return new FaceRecognizer(this, d, e, owned);
        }
    }
}
