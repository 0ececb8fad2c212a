package org.fr.video.tracking;

import org.fr.BoundingBox;
import org.fr.DetectedFace;

/**
 * One face followed across frames: a stable id, its last matched box with a constant-velocity estimate (per box
 * edge, in pixels per frame, exponentially smoothed), the frames it was matched on, and the vote of its
 * recognitions. Owned and updated by one {@link IouTracker}; not thread-safe.
 */
public final class Track {
    private static final float VELOCITY_SMOOTHING = 0.5f;

    private final int id;
    private final long firstFrame;
    private final IdentityVote vote;
    private BoundingBox box;
    private float score;
    private final float[] velocity = new float[4];
    private long lastFrame;
    private int hits = 1;
    private int misses;
    private long lastRecognizedFrame = -1;
    private float scoreAtRecognition;

    Track(int id, DetectedFace face, long frame, int voteWindow) {
        this.id = id;
        this.box = face.box();
        this.score = face.score();
        this.firstFrame = frame;
        this.lastFrame = frame;
        this.vote = new IdentityVote(voteWindow);
    }

    public int id() { return id; }

    /** The box of the last matched detection. */
    public BoundingBox box() { return box; }

    /** The detection score of the last match, in [0, 1]. */
    public float score() { return score; }

    public long firstFrame() { return firstFrame; }

    /** The frame index of the last match. */
    public long lastFrame() { return lastFrame; }

    /** Detections matched to this track, the first included. */
    public int hits() { return hits; }

    /** Consecutive detection rounds without a match. */
    public int misses() { return misses; }

    public IdentityVote vote() { return vote; }

    /** The frame of the latest recognition, or -1 if never recognized. */
    public long lastRecognizedFrame() { return lastRecognizedFrame; }

    /** The detection score when the track was last recognized. */
    public float scoreAtRecognition() { return scoreAtRecognition; }

    /** Records that the track was recognized (embedded and searched) on {@code frame}. */
    public void recognized(long frame) {
        lastRecognizedFrame = frame;
        scoreAtRecognition = score;
    }

    /** The box extrapolated to {@code frame} with the velocity estimate (clamped to keep the corners ordered). */
    public BoundingBox predict(long frame) {
        float dt = frame - lastFrame;
        if (dt <= 0) return box;
        float x1 = box.x1() + velocity[0] * dt, y1 = box.y1() + velocity[1] * dt;
        float x2 = Math.max(x1, box.x2() + velocity[2] * dt), y2 = Math.max(y1, box.y2() + velocity[3] * dt);
        return new BoundingBox(x1, y1, x2, y2);
    }

    void matched(DetectedFace face, long frame) {
        float dt = Math.max(1, frame - lastFrame);
        BoundingBox b = face.box();
        float[] d = {b.x1() - box.x1(), b.y1() - box.y1(), b.x2() - box.x2(), b.y2() - box.y2()};
        for (int i = 0; i < 4; i++) {
            velocity[i] = VELOCITY_SMOOTHING * (d[i] / dt) + (1 - VELOCITY_SMOOTHING) * velocity[i];
        }
        box = b;
        score = face.score();
        lastFrame = frame;
        hits++;
        misses = 0;
    }

    void missed() { misses++; }

    @Override
    public String toString() { return "Track[" + id + ", " + box + ", hits=" + hits + ", misses=" + misses + "]"; }
}
