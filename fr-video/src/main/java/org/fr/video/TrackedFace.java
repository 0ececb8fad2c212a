package org.fr.video;

import java.util.Objects;

import org.fr.BoundingBox;

/**
 * One face in view on one frame: its track id (stable while the face stays in view), its box (the detection's on
 * frames where detection ran, else the track's extrapolated box), the track's identity by vote ({@code null} while
 * unknown or not yet recognized), the similarity behind it ({@code null} before any recognition or with an empty
 * gallery), and whether it was embedded on this very frame. Immutable and thread-safe.
 */
public record TrackedFace(int track, BoundingBox box, float score, String identity, Float similarity, boolean recognizedNow) {
    public TrackedFace {
        Objects.requireNonNull(box, "box");
    }
}
