package org.fr;

/** A point in image pixel coordinates (x to the right, y down). Immutable and thread-safe. */
public record Point(float x, float y) {
    public Point {
        if (!Float.isFinite(x) || !Float.isFinite(y)) {
            throw new IllegalArgumentException("point coordinates must be finite: (" + x + ", " + y + ")");
        }
    }

    public double distanceTo(Point other) {
        return Math.hypot(x - other.x, y - other.y);
    }
}
