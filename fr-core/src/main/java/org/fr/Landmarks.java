package org.fr;

import java.util.List;

/**
 * The five facial landmarks used for alignment, in image pixels, in the order of the ArcFace template:
 * left eye, right eye, nose tip, left mouth corner, right mouth corner ("left" is the subject's right, the
 * point with the smaller x on a frontal face). Immutable and thread-safe.
 */
public record Landmarks(List<Point> points) {
    public static final int COUNT = 5;
    public static final int LEFT_EYE = 0, RIGHT_EYE = 1, NOSE = 2, LEFT_MOUTH = 3, RIGHT_MOUTH = 4;

    public Landmarks {
        points = List.copyOf(points);
        if (points.size() != COUNT) {
            throw new IllegalArgumentException("expected " + COUNT + " landmarks, got " + points.size());
        }
    }

    /** Builds landmarks from interleaved coordinates {@code x0, y0, x1, y1, ...}. */
    public static Landmarks of(float... xy) {
        if (xy.length != 2 * COUNT) {
            throw new IllegalArgumentException("expected " + 2 * COUNT + " coordinates, got " + xy.length);
        }
        Point[] p = new Point[COUNT];
        for (int i = 0; i < COUNT; i++) p[i] = new Point(xy[2 * i], xy[2 * i + 1]);
        return new Landmarks(List.of(p));
    }

    public Point get(int index) { return points.get(index); }

    /** Distance between the eye centres in pixels, a measure of face size. */
    public double interocularDistance() { return get(LEFT_EYE).distanceTo(get(RIGHT_EYE)); }
}
