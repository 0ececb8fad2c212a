package org.fr.video.tracking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.fr.BoundingBox;
import org.fr.DetectedFace;

/**
 * Follows faces across frames by box overlap.
 *
 * <p><b>Matching.</b> At each detection round every live track's box is extrapolated to the frame with its
 * constant-velocity estimate ({@link Track#predict}); track-detection pairs are then matched greedily, highest IoU
 * first, each track and each detection used once, pairs below {@code minIou} never.
 * <p><b>Creation.</b> Every detection left unmatched starts a new track with the next id (ids start at 1 and are never
 * reused within one tracker).
 * <p><b>Expiry.</b> A track not matched in {@code maxMisses} + 1 consecutive detection rounds is dropped; until then
 * it can be matched again (a face hidden for a moment keeps its id) but is not reported as visible.
 *
 * <p>Not thread-safe: one tracker follows one stream.
 */
public final class IouTracker {
    /** A detection of the current round with the track it was assigned to. */
    public record Assignment(Track track, DetectedFace face, boolean newTrack) {}

    private final float minIou;
    private final int maxMisses;
    private final int voteWindow;
    private final List<Track> tracks = new ArrayList<>();
    private int nextId = 1;

    /**
     * @param minIou     the least IoU between a track's predicted box and a detection for a match, in (0, 1]
     * @param maxMisses  detection rounds a track survives unmatched
     * @param voteWindow recognitions counted in each track's identity vote
     */
    public IouTracker(float minIou, int maxMisses, int voteWindow) {
        if (!(minIou > 0 && minIou <= 1)) throw new IllegalArgumentException("minimum IoU must lie in (0, 1]: " + minIou);
        if (maxMisses < 0) throw new IllegalArgumentException("max misses must not be negative: " + maxMisses);
        this.minIou = minIou;
        this.maxMisses = maxMisses;
        this.voteWindow = voteWindow;
    }

    /** Matches one round of detections on {@code frame}; the result follows the detections' order. */
    public List<Assignment> update(long frame, List<DetectedFace> detections) {
        int nt = tracks.size(), nd = detections.size();
        List<float[]> pairs = new ArrayList<>(); // {iou, track index, detection index}
        for (int t = 0; t < nt; t++) {
            BoundingBox predicted = tracks.get(t).predict(frame);
            for (int d = 0; d < nd; d++) {
                float iou = predicted.iou(detections.get(d).box());
                if (iou >= minIou) pairs.add(new float[] {iou, t, d});
            }
        }
        pairs.sort((a, b) -> Float.compare(b[0], a[0]));
        Track[] assigned = new Track[nd];
        boolean[] trackUsed = new boolean[nt];
        for (float[] p : pairs) {
            int t = (int) p[1], d = (int) p[2];
            if (trackUsed[t] || assigned[d] != null) continue;
            trackUsed[t] = true;
            assigned[d] = tracks.get(t);
        }
        List<Track> survivors = new ArrayList<>();
        for (int t = 0; t < nt; t++) {
            Track track = tracks.get(t);
            if (!trackUsed[t]) track.missed();
            if (track.misses() <= maxMisses) survivors.add(track);
        }
        tracks.clear();
        tracks.addAll(survivors);
        List<Assignment> out = new ArrayList<>(nd);
        for (int d = 0; d < nd; d++) {
            DetectedFace face = detections.get(d);
            if (assigned[d] != null) {
                assigned[d].matched(face, frame);
                out.add(new Assignment(assigned[d], face, false));
            } else {
                Track created = new Track(nextId++, face, frame, voteWindow);
                tracks.add(created);
                out.add(new Assignment(created, face, true));
            }
        }
        return out;
    }

    /** The tracks matched in the latest detection round (the faces currently in view). */
    public List<Track> visible() {
        List<Track> out = new ArrayList<>();
        for (Track t : tracks) if (t.misses() == 0) out.add(t);
        return out;
    }

    /** All live tracks, hidden ones included. */
    public List<Track> tracks() { return Collections.unmodifiableList(tracks); }
}
