package org.fr.video;

import java.util.List;

import org.fr.ComponentOptions;
import org.fr.DetectedFace;
import org.fr.FaceDetector;
import org.fr.RgbImage;
import org.fr.detect.landmarks.Landmark68;
import org.fr.detect.ultraface.UltrafaceDetector;
import org.fr.models.ModelSelection;
import org.fr.onnx.SessionConfig;

/**
 * A detector split into its two stages where it has two: boxes for every detection round, landmarks only for the
 * faces about to be recognized. {@code ultraface} finds boxes with one network and landmarks with a second one
 * ({@link Landmark68}), so a stream skips the second for faces it already knows; other detectors give landmarks with
 * their boxes and {@link #separateLandmarks()} is false. Thread-safe, like the detectors; close it (it closes only
 * the landmark model it loaded, never the detector).
 */
public abstract class StagedDetector implements AutoCloseable {
    /** Boxes (and, when {@link #separateLandmarks()} is false, landmarks) of all faces, best score first. */
    public abstract List<DetectedFace> boxes(RgbImage image);

    /** The face with its five landmarks (the face itself when it has them already). */
    public abstract DetectedFace withLandmarks(RgbImage image, DetectedFace face);

    /** Whether {@link #withLandmarks} runs a model of its own. */
    public abstract boolean separateLandmarks();

    @Override
    public abstract void close();

    /**
     * Splits {@code detector} when it is {@code ultraface}, loading the landmark model it uses (option
     * {@code landmark-model} for an own file, {@code threads}, {@code gpu} as for the detector).
     */
    public static StagedDetector of(FaceDetector detector, ComponentOptions options) {
        if (detector instanceof UltrafaceDetector ultraface) {
            var lm = ModelSelection.select(Landmark68.MODEL_ID, options, "landmark-model");
            return new Split(ultraface, new Landmark68(lm.id(), lm.bytes(), SessionConfig.from(options)));
        }
        return new Whole(detector);
    }

    private static final class Split extends StagedDetector {
        private final UltrafaceDetector detector;
        private final Landmark68 landmarks;

        Split(UltrafaceDetector detector, Landmark68 landmarks) {
            this.detector = detector;
            this.landmarks = landmarks;
        }

        @Override
        public List<DetectedFace> boxes(RgbImage image) { return detector.detectBoxes(image); }

        @Override
        public DetectedFace withLandmarks(RgbImage image, DetectedFace face) {
            return face.landmarks() != null ? face : face.withLandmarks(landmarks.predictFive(image, face.box()));
        }

        @Override
        public boolean separateLandmarks() { return true; }

        @Override
        public void close() { landmarks.close(); }
    }

    private static final class Whole extends StagedDetector {
        private final FaceDetector detector;

        Whole(FaceDetector detector) { this.detector = detector; }

        @Override
        public List<DetectedFace> boxes(RgbImage image) { return detector.detect(image); }

        @Override
        public DetectedFace withLandmarks(RgbImage image, DetectedFace face) { return face; }

        @Override
        public boolean separateLandmarks() { return false; }

        @Override
        public void close() {}
    }
}
