package org.fr.video;

/**
 * How a {@link FaceStream} spends its time. Immutable and thread-safe; start from {@link #defaults()} and change
 * fields with the {@code with...} methods.
 *
 * @param detectEvery    run the detector on every N-th processed frame (1 = all); in between, boxes are extrapolated
 * @param maxFps         process at most this many frames per second of stream time, skipping the rest (0 = all)
 * @param recheckEvery   embed a known track again after this many frames (0 = never again)
 * @param scoreDrop      also embed a track again when its detection score falls this far below the score it had
 *                       when last recognized (e.g. 0.1; a face turning away or blurring)
 * @param minIou         least IoU for a detection to continue a track
 * @param maxMisses      detection rounds a track survives without a match before it is dropped
 * @param voteWindow     recognitions counted in a track's identity vote
 * @param threshold      cosine similarity for naming a face; null for the gallery's own
 * @param annotate       draw boxes and names on each processed frame ({@link FrameResult#annotated()})
 */
public record StreamOptions(int detectEvery, double maxFps, int recheckEvery, float scoreDrop, float minIou, int maxMisses,
                            int voteWindow, Float threshold, boolean annotate) {
    public StreamOptions {
        if (detectEvery < 1) throw new IllegalArgumentException("detect every N frames needs N >= 1: " + detectEvery);
        if (!(maxFps >= 0) || Double.isInfinite(maxFps)) throw new IllegalArgumentException("max fps must be finite and >= 0: " + maxFps);
        if (recheckEvery < 0) throw new IllegalArgumentException("recheck interval must not be negative: " + recheckEvery);
        if (!(scoreDrop >= 0 && scoreDrop <= 1)) throw new IllegalArgumentException("score drop must lie in [0, 1]: " + scoreDrop);
        if (!(minIou > 0 && minIou <= 1)) throw new IllegalArgumentException("minimum IoU must lie in (0, 1]: " + minIou);
        if (maxMisses < 0) throw new IllegalArgumentException("max misses must not be negative: " + maxMisses);
        if (voteWindow < 1) throw new IllegalArgumentException("vote window must be at least 1: " + voteWindow);
        if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must lie in [-1, 1]: " + threshold);
        }
    }

    /** Detect on every frame, no fps cap, re-embed every 15 frames or on a 0.1 score drop, IoU 0.3, 5 misses, 15 votes. */
    public static StreamOptions defaults() {
        return new StreamOptions(1, 0, 15, 0.1f, 0.3f, 5, 15, null, false);
    }

    public StreamOptions withDetectEvery(int n) {
        return new StreamOptions(n, maxFps, recheckEvery, scoreDrop, minIou, maxMisses, voteWindow, threshold, annotate);
    }

    public StreamOptions withMaxFps(double fps) {
        return new StreamOptions(detectEvery, fps, recheckEvery, scoreDrop, minIou, maxMisses, voteWindow, threshold, annotate);
    }

    public StreamOptions withRecheckEvery(int k) {
        return new StreamOptions(detectEvery, maxFps, k, scoreDrop, minIou, maxMisses, voteWindow, threshold, annotate);
    }

    public StreamOptions withScoreDrop(float drop) {
        return new StreamOptions(detectEvery, maxFps, recheckEvery, drop, minIou, maxMisses, voteWindow, threshold, annotate);
    }

    public StreamOptions withTracking(float iou, int misses) {
        return new StreamOptions(detectEvery, maxFps, recheckEvery, scoreDrop, iou, misses, voteWindow, threshold, annotate);
    }

    public StreamOptions withVoteWindow(int window) {
        return new StreamOptions(detectEvery, maxFps, recheckEvery, scoreDrop, minIou, maxMisses, window, threshold, annotate);
    }

    public StreamOptions withThreshold(Float cosine) {
        return new StreamOptions(detectEvery, maxFps, recheckEvery, scoreDrop, minIou, maxMisses, voteWindow, cosine, annotate);
    }

    public StreamOptions withAnnotate(boolean draw) {
        return new StreamOptions(detectEvery, maxFps, recheckEvery, scoreDrop, minIou, maxMisses, voteWindow, threshold, draw);
    }
}
